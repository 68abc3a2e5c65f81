//! The explicitly-trusted end-entity rule: a server certificate that is byte for byte a
//! certificate the user added to the root store is accepted when it is valid now and names
//! the server, even if it is marked as a CA (as `openssl req -x509` makes it). This needs the
//! certificate's validity, which webpki does not expose: it is read here from the
//! TBSCertificate (RFC 5280 §4.1).

use rustls_pki_types::{CertificateDer, UnixTime};

use crate::error::PkiError;
use crate::spki::{bad, tlv as element};

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const VERSION: u8 = 0xa0;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// Checks that `now` lies within the validity of `cert` (notBefore ≤ now ≤ notAfter).
pub(crate) fn check_validity(cert: &CertificateDer<'_>, now: UnixTime) -> Result<(), PkiError> {
    let (not_before, not_after) = validity(cert.as_ref())?;
    let now = now.as_secs();
    if now < not_before {
        Err(PkiError::NotYetValid)
    } else if now > not_after {
        Err(PkiError::Expired)
    } else {
        Ok(())
    }
}

/// notBefore and notAfter of a certificate, in seconds since the Unix epoch.
fn validity(cert: &[u8]) -> Result<(u64, u64), PkiError> {
    let (certificate, _) = element(cert, SEQUENCE)?;
    let (tbs, _) = element(certificate, SEQUENCE)?;
    let mut rest = tbs;
    if rest.first() == Some(&VERSION) {
        rest = element(rest, VERSION)?.1;
    }
    let (_serial, rest) = element(rest, INTEGER)?;
    let (_signature, rest) = element(rest, SEQUENCE)?;
    let (_issuer, rest) = element(rest, SEQUENCE)?;
    let (validity, _) = element(rest, SEQUENCE)?;
    let (not_before, rest) = time(validity)?;
    let (not_after, rest) = time(rest)?;
    if !rest.is_empty() {
        return Err(bad("trailing data in Validity"));
    }
    Ok((not_before, not_after))
}

/// One `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` in the DER form
/// RFC 5280 §4.1.2.5 requires (`YYMMDDHHMMSSZ`, `YYYYMMDDHHMMSSZ`), and what follows.
fn time(input: &[u8]) -> Result<(u64, &[u8]), PkiError> {
    let tag = *input.first().ok_or(bad("truncated Validity"))?;
    let (value, rest) = element(input, tag)?;
    let (year, digits) = match (tag, value.len()) {
        (UTC_TIME, 13) => {
            let yy = number(&value[0..2])?;
            // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, otherwise 20YY.
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &value[2..])
        }
        (GENERALIZED_TIME, 15) => (number(&value[0..4])?, &value[4..]),
        _ => {
            return Err(bad(
                "a Validity time that is not UTCTime or GeneralizedTime in DER",
            ));
        }
    };
    if digits[10] != b'Z' {
        return Err(bad("a Validity time not in UTC"));
    }
    let month = number(&digits[0..2])?;
    let day = number(&digits[2..4])?;
    let hour = number(&digits[4..6])?;
    let minute = number(&digits[6..8])?;
    let second = number(&digits[8..10])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(bad("a Validity time out of range"));
    }
    let days = days_from_civil(year, month, day).ok_or(bad("a Validity time before 1970"))?;
    Ok((days * 86_400 + hour * 3_600 + minute * 60 + second, rest))
}

/// Decimal digits only.
fn number(digits: &[u8]) -> Result<u64, PkiError> {
    digits.iter().try_fold(0u64, |acc, d| match d {
        b'0'..=b'9' => Ok(acc * 10 + u64::from(d - b'0')),
        _ => Err(bad("a non-digit in a Validity time")),
    })
}

fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar, or `None`
/// before 1970.
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let days_before_year: u64 = (1970..year)
        .map(|y| if days_in_month(y, 2) == 29 { 366 } else { 365 })
        .sum();
    if year < 1970 {
        return None;
    }
    let days_before_month: u64 = (1..month).map(|m| days_in_month(year, m)).sum();
    Some(days_before_year + days_before_month + day - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Vec<u8> {
        let mut v = vec![UTC_TIME, s.len() as u8];
        v.extend_from_slice(s.as_bytes());
        v
    }

    fn generalized(s: &str) -> Vec<u8> {
        let mut v = vec![GENERALIZED_TIME, s.len() as u8];
        v.extend_from_slice(s.as_bytes());
        v
    }

    #[test]
    fn times_convert_to_unix_seconds() {
        assert_eq!(time(&utc("700101000000Z")).expect("epoch").0, 0);
        // 2000-01-01T00:00:00Z and 2049-12-31T23:59:59Z (the UTCTime pivot).
        assert_eq!(time(&utc("000101000000Z")).expect("2000").0, 946_684_800);
        assert_eq!(time(&utc("491231235959Z")).expect("2049").0, 2_524_607_999);
        assert_eq!(
            time(&generalized("20500101000000Z")).expect("2050").0,
            2_524_608_000
        );
        // A leap day.
        assert_eq!(
            time(&utc("240229120000Z")).expect("leap day").0,
            1_709_208_000
        );
    }

    #[test]
    fn malformed_times_are_refused() {
        for bad_time in [
            utc("700101000000"),
            utc("7001010000000"),
            utc("701301000000Z"),
            utc("230229000000Z"),
            utc("700101240000Z"),
            utc("70010100000aZ"),
            generalized("19690101000000Z"),
            generalized("2050010100000Z"),
            vec![0x04, 0x00],
            vec![],
        ] {
            assert!(
                matches!(time(&bad_time), Err(PkiError::BadEncoding(_))),
                "{bad_time:?}"
            );
        }
    }
}
