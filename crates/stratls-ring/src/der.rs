//! The few DER structures the key loader reads and writes: PKCS#8 `PrivateKeyInfo`
//! (RFC 5208), SEC1 `ECPrivateKey` (RFC 5915) and `SubjectPublicKeyInfo` (RFC 5280).
//! Strict: definite lengths, the shortest length form, nothing left over.

/// rsaEncryption (RFC 8017 §A.1).
pub(crate) const OID_RSA_ENCRYPTION: &[u8] =
    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-RSASSA-PSS (RFC 4055 §3.1).
pub(crate) const OID_RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/// id-ecPublicKey (RFC 5480 §2.1.1).
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// secp256r1 (RFC 5480 §2.1.1.1).
pub(crate) const OID_SECP256R1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// secp384r1 (RFC 5480 §2.1.1.1).
pub(crate) const OID_SECP384R1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
/// id-Ed25519 (RFC 8410 §3).
pub(crate) const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const OID: u8 = 0x06;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const CONTEXT_0: u8 = 0xa0;

/// A reader over DER bytes.
pub(crate) struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Self(input)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn peek(&self, tag: u8) -> bool {
        self.0.first() == Some(&tag)
    }

    /// The contents of the next element, which must carry `tag`.
    pub(crate) fn read(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (&t, rest) = self.0.split_first()?;
        if t != tag {
            return None;
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
                return None;
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            if len < 0x80 {
                return None;
            }
            (len, &rest[n..])
        };
        if rest.len() < len {
            return None;
        }
        let (contents, rest) = rest.split_at(len);
        self.0 = rest;
        Some(contents)
    }
}

/// Reads all of `input` as one element of `tag` and returns its contents.
pub(crate) fn single(input: &[u8], tag: u8) -> Option<&[u8]> {
    let mut r = Reader::new(input);
    let contents = r.read(tag)?;
    r.is_empty().then_some(contents)
}

/// A DER element: `tag`, the definite length, `contents`.
pub(crate) fn element(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(contents.len() + 6);
    out.push(tag);
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let digits: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | digits.len() as u8);
        out.extend(digits);
    }
    out.extend_from_slice(contents);
    out
}

/// The parts of a PKCS#8 `PrivateKeyInfo` the loader needs.
pub(crate) struct Pkcs8<'a> {
    pub(crate) algorithm: &'a [u8],
    /// The parameters' OID, if they are one (the curve of an EC key).
    pub(crate) curve: Option<&'a [u8]>,
    /// Whether any parameters other than an OID or NULL are present.
    pub(crate) other_parameters: bool,
    pub(crate) private_key: &'a [u8],
}

/// Parses PKCS#8 v1 or v2 (RFC 5958), attributes and public key ignored.
pub(crate) fn pkcs8(input: &[u8]) -> Option<Pkcs8<'_>> {
    let mut info = Reader::new(single(input, SEQUENCE)?);
    let version = info.read(INTEGER)?;
    if version != [0] && version != [1] {
        return None;
    }
    let mut alg = Reader::new(info.read(SEQUENCE)?);
    let algorithm = alg.read(OID)?;
    let mut curve = None;
    let mut other_parameters = false;
    if alg.peek(OID) {
        curve = Some(alg.read(OID)?);
    } else if alg.peek(NULL) {
        if !alg.read(NULL)?.is_empty() {
            return None;
        }
    } else if !alg.is_empty() {
        other_parameters = true;
        return Some(Pkcs8 {
            algorithm,
            curve,
            other_parameters,
            private_key: info.read(OCTET_STRING)?,
        });
    }
    if !alg.is_empty() {
        return None;
    }
    let private_key = info.read(OCTET_STRING)?;
    Some(Pkcs8 {
        algorithm,
        curve,
        other_parameters,
        private_key,
    })
}

/// The curve OID of a SEC1 `ECPrivateKey` (its `[0]` parameters), checking the structure.
pub(crate) fn sec1_curve(input: &[u8]) -> Option<&[u8]> {
    let mut key = Reader::new(single(input, SEQUENCE)?);
    if key.read(INTEGER)? != [1] {
        return None;
    }
    key.read(OCTET_STRING)?;
    single(key.read(CONTEXT_0)?, OID)
}

/// A PKCS#8 v1 `PrivateKeyInfo` for the EC key `sec1` on `curve`.
pub(crate) fn pkcs8_of_sec1(curve: &[u8], sec1: &[u8]) -> Vec<u8> {
    let mut alg = element(OID, OID_EC_PUBLIC_KEY);
    alg.extend(element(OID, curve));
    let mut body = element(INTEGER, &[0]);
    body.extend(element(SEQUENCE, &alg));
    body.extend(element(OCTET_STRING, sec1));
    element(SEQUENCE, &body)
}

/// A `SubjectPublicKeyInfo` for `key` under the `AlgorithmIdentifier` contents `algorithm`.
pub(crate) fn spki(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
    let mut bits = Vec::with_capacity(key.len() + 1);
    bits.push(0);
    bits.extend_from_slice(key);
    let mut body = element(SEQUENCE, algorithm);
    body.extend(element(BIT_STRING, &bits));
    element(SEQUENCE, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_strict() {
        assert_eq!(single(&[0x04, 0x01, 0xaa], OCTET_STRING), Some(&[0xaa][..]));
        // Long form for a short length, and a leading zero length byte.
        assert_eq!(single(&[0x04, 0x81, 0x01, 0xaa], OCTET_STRING), None);
        assert_eq!(single(&[0x04, 0x82, 0x00, 0x80], OCTET_STRING), None);
        // Truncated, trailing bytes, wrong tag, indefinite length.
        assert_eq!(single(&[0x04, 0x02, 0xaa], OCTET_STRING), None);
        assert_eq!(single(&[0x04, 0x01, 0xaa, 0x00], OCTET_STRING), None);
        assert_eq!(single(&[0x30, 0x01, 0xaa], OCTET_STRING), None);
        assert_eq!(single(&[0x04, 0x80, 0xaa, 0x00, 0x00], OCTET_STRING), None);
        let long = element(OCTET_STRING, &[7; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(single(&long, OCTET_STRING).map(<[u8]>::len), Some(300));
    }

    #[test]
    fn sec1_wraps_into_pkcs8() {
        let sec1 = {
            let mut body = element(INTEGER, &[1]);
            body.extend(element(OCTET_STRING, &[5; 32]));
            body.extend(element(CONTEXT_0, &element(OID, OID_SECP256R1)));
            element(SEQUENCE, &body)
        };
        assert_eq!(sec1_curve(&sec1), Some(OID_SECP256R1));
        let wrapped = pkcs8_of_sec1(OID_SECP256R1, &sec1);
        let info = pkcs8(&wrapped).expect("PKCS#8");
        assert_eq!(info.algorithm, OID_EC_PUBLIC_KEY);
        assert_eq!(info.curve, Some(OID_SECP256R1));
        assert!(!info.other_parameters);
        assert_eq!(info.private_key, &sec1[..]);
    }
}
