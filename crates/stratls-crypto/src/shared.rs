//! Provider pieces that are statics or are built at run time.

use core::fmt;
use core::ops::Deref;
use std::sync::Arc;

/// A piece of a provider (a hash, an AEAD, a suite, a group, a list of them, its name): a
/// `&'static` reference to a static, or an [`Arc`] to a piece built at run time (an HSM session,
/// a wrapper with counters) that is freed with its last user, so nothing has to be leaked.
///
/// It dereferences to the piece. Cloning copies the reference of a static and counts one more
/// user of a shared piece; the protocol crates clone when they start a handshake or change keys,
/// never per record (the record layer only dereferences the AEAD it holds).
///
/// ```
/// use std::sync::Arc;
/// use stratls_crypto::{SecureRandom, Shared};
///
/// #[derive(Debug)]
/// struct Zeros;
/// impl SecureRandom for Zeros {
///     fn fill(&self, buf: &mut [u8]) -> Result<(), stratls_crypto::CryptoError> {
///         buf.fill(0);
///         Ok(())
///     }
/// }
/// static ZEROS: Zeros = Zeros;
///
/// let from_static: Shared<dyn SecureRandom> = Shared::Static(&ZEROS);
/// let built: Shared<dyn SecureRandom> = Shared::Arc(Arc::new(Zeros));
/// for random in [from_static, built.clone()] {
///     let mut buf = [1u8; 4];
///     random.fill(&mut buf)?;
///     assert_eq!(buf, [0; 4]);
/// }
/// # Ok::<(), stratls_crypto::CryptoError>(())
/// ```
pub enum Shared<T: ?Sized + 'static> {
    /// A piece that lives as long as the program (a `static` of a provider crate).
    Static(&'static T),
    /// A piece built at run time, freed with its last user.
    Arc(Arc<T>),
}

impl<T: ?Sized> Shared<T> {
    /// Whether `a` and `b` are the same piece (the same address), not merely equal ones.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        core::ptr::addr_eq(&**a as *const T, &**b as *const T)
    }
}

impl<T: ?Sized> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Self::Static(piece) => piece,
            Self::Arc(piece) => piece,
        }
    }
}

impl<T: ?Sized> Clone for Shared<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Static(piece) => Self::Static(piece),
            Self::Arc(piece) => Self::Arc(Arc::clone(piece)),
        }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized> From<&'static T> for Shared<T> {
    fn from(piece: &'static T) -> Self {
        Self::Static(piece)
    }
}

impl<T: ?Sized> From<&Shared<T>> for Shared<T> {
    fn from(piece: &Shared<T>) -> Self {
        piece.clone()
    }
}

impl<T: ?Sized> From<Arc<T>> for Shared<T> {
    fn from(piece: Arc<T>) -> Self {
        Self::Arc(piece)
    }
}

impl<'a, T> IntoIterator for &'a Shared<[T]> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> From<Vec<T>> for Shared<[T]> {
    fn from(list: Vec<T>) -> Self {
        Self::Arc(list.into())
    }
}

impl From<String> for Shared<str> {
    fn from(name: String) -> Self {
        Self::Arc(name.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_and_shared_pieces() {
        static LIST: [u8; 3] = [1, 2, 3];
        let a: Shared<[u8]> = Shared::Static(&LIST);
        let b: Shared<[u8]> = vec![1, 2, 3].into();
        assert_eq!(*a, *b);
        assert!(!Shared::ptr_eq(&a, &b));
        assert!(Shared::ptr_eq(&a, &a.clone()));
        let c = b.clone();
        assert!(Shared::ptr_eq(&b, &c));
        let Shared::Arc(arc) = &b else {
            panic!("a list built at run time is shared");
        };
        assert_eq!(Arc::strong_count(arc), 2);
        drop(c);
        assert_eq!(Arc::strong_count(arc), 1);
        let name: Shared<str> = String::from("counting(rustcrypto)").into();
        assert_eq!(format!("{name:?}"), "\"counting(rustcrypto)\"");
        assert_eq!(&*Shared::<str>::from(&name), "counting(rustcrypto)");
    }
}
