#!/bin/sh
# Regenerates the certificates of tests/certs/pki/ with the openssl command line (OpenSSL 3.0):
# the chain shapes of the public web that certificate verification must follow, valid for
# about a century. They sit beside the tree of `cargo xtask certs` and reuse its RSA root
# (../ca.pem, ../ca.key). Run from this directory: sh make-pki.sh. Keys are PKCS#8.
#
#   le-rsa.chain.pem     P-256 leaf <- P-384 intermediate (ecdsa-with-SHA384) <- RSA root ../ca.pem
#   le-p384.chain.pem    P-256 leaf <- P-384 intermediate (ecdsa-with-SHA384) <- P-384 root root-p384.pem
#   gts.chain.pem        P-256 leaf <- P-256 intermediate (ecdsa-with-SHA256) <- P-384 root (ecdsa-with-SHA384)
#   p521.chain.pem       P-256 leaf <- P-384 intermediate (ecdsa-with-SHA256) <- P-521 root (ecdsa-with-SHA512)
#   rsapss.chain.pem     id-RSASSA-PSS leaf <- RSA root ../ca.pem (sha256WithRSAEncryption)
#   rsapss-client.chain.pem  the same for a client certificate
#   pss-ca.chain.pem     P-256 leaf <- id-RSASSA-PSS intermediate (RSASSA-PSS SHA-256) <- RSA root ../ca.pem
#   selfsigned.pem       a self-signed P-256 certificate marked CA:TRUE, as `openssl req -x509` makes it
set -eu
DAYS=36500
SERIAL=1
cat > openssl.cnf <<'CNF'
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:testserver.stratls.test, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:client.stratls.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_selfsigned]
basicConstraints = critical, CA:TRUE
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
CNF

key() { # kind out
  case $1 in
    rsapss) openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$2" ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$2" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$2" ;;
  esac
}

root() { # key subject digest out
  openssl req -new -x509 -key "$1" -subj "$2" -days $DAYS "-$3" -config openssl.cnf \
    -extensions v3_ca -out "$4"
}

sign() { # key subject ext ca ca-key digest out [sigopts...]
  k=$1 subj=$2 ext=$3 ca=$4 cakey=$5 md=$6 out=$7
  shift 7
  openssl req -new -key "$k" -subj "$subj" -config openssl.cnf -out "$out.csr"
  SERIAL=$((SERIAL + 1))
  openssl x509 -req -in "$out.csr" -CA "$ca" -CAkey "$cakey" -set_serial $((0x5200000 + SERIAL)) \
    -days $DAYS -extfile openssl.cnf -extensions "$ext" "-$md" "$@" -out "$out"
  rm "$out.csr"
}

O="/O=stratls test"
key p384 root-p384.key
root root-p384.key "$O/CN=stratls test root (P-384)" sha384 root-p384.pem
key p521 root-p521.key
root root-p521.key "$O/CN=stratls test root (P-521)" sha512 root-p521.pem

# Let's Encrypt's shape: an ECDSA P-384 intermediate, under an RSA root or a P-384 root.
key p384 int-p384-rsa.key
sign int-p384-rsa.key "$O/CN=stratls test intermediate (P-384 under RSA)" v3_intermediate \
  ../ca.pem ../ca.key sha256 int-p384-rsa.pem
key p256 le-rsa.key
sign le-rsa.key "$O/CN=stratls test server (P-256 under P-384, RSA root)" v3_server \
  int-p384-rsa.pem int-p384-rsa.key sha384 le-rsa.pem
cat le-rsa.pem int-p384-rsa.pem > le-rsa.chain.pem

key p384 int-p384.key
sign int-p384.key "$O/CN=stratls test intermediate (P-384)" v3_intermediate \
  root-p384.pem root-p384.key sha384 int-p384.pem
key p256 le-p384.key
sign le-p384.key "$O/CN=stratls test server (P-256 under P-384)" v3_server \
  int-p384.pem int-p384.key sha384 le-p384.pem
cat le-p384.pem int-p384.pem > le-p384.chain.pem

# GTS Root R4 / DigiCert Global Root G3's shape: a P-384 root signing a P-256 intermediate.
key p256 int-p256.key
sign int-p256.key "$O/CN=stratls test intermediate (P-256 under P-384)" v3_intermediate \
  root-p384.pem root-p384.key sha384 int-p256.pem
key p256 gts.key
sign gts.key "$O/CN=stratls test server (P-256, P-384 root)" v3_server \
  int-p256.pem int-p256.key sha256 gts.pem
cat gts.pem int-p256.pem > gts.chain.pem

# A P-521 root (SHA-512) over a P-384 intermediate that signs with SHA-256.
key p384 int-p384-p521.key
sign int-p384-p521.key "$O/CN=stratls test intermediate (P-384 under P-521)" v3_intermediate \
  root-p521.pem root-p521.key sha512 int-p384-p521.pem
key p256 p521.key
sign p521.key "$O/CN=stratls test server (P-256 under P-384, P-521 root)" v3_server \
  int-p384-p521.pem int-p384-p521.key sha256 p521.pem
cat p521.pem int-p384-p521.pem > p521.chain.pem

# An id-RSASSA-PSS leaf under the RSA root.
key rsapss rsapss.key
sign rsapss.key "$O/CN=stratls test server (RSA-PSS key)" v3_server \
  ../ca.pem ../ca.key sha256 rsapss.pem
cp rsapss.pem rsapss.chain.pem
key rsapss rsapss-client.key
sign rsapss-client.key "$O/CN=stratls test client (RSA-PSS key)" v3_client \
  ../ca.pem ../ca.key sha256 rsapss-client.pem
cp rsapss-client.pem rsapss-client.chain.pem

# An id-RSASSA-PSS intermediate, whose signatures are RSASSA-PSS (SHA-256, MGF1-SHA-256,
# 32-byte salt: the parameters webpki matches).
key rsapss int-rsapss.key
sign int-rsapss.key "$O/CN=stratls test intermediate (RSA-PSS key)" v3_intermediate \
  ../ca.pem ../ca.key sha256 int-rsapss.pem
key p256 pss-ca.key
sign pss-ca.key "$O/CN=stratls test server (P-256 under an RSA-PSS key)" v3_server \
  int-rsapss.pem int-rsapss.key sha256 pss-ca.pem \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha256
cat pss-ca.pem int-rsapss.pem > pss-ca.chain.pem

# What `openssl req -x509` makes: self-signed, CA:TRUE, names localhost and 127.0.0.1.
key p256 selfsigned.key
openssl req -new -x509 -key selfsigned.key -subj "$O/CN=localhost" -days $DAYS -sha256 \
  -config openssl.cnf -extensions v3_selfsigned -out selfsigned.pem

rm openssl.cnf
chmod 644 ./*.key ./*.pem

# TLS 1.2 handshake signatures whose ECDSA scheme names another curve than the key's
# (RFC 8446 §4.2.3): the P-384 server key of ../ under SHA-256 (ecdsa_secp256r1_sha256), the
# P-256 one under SHA-384 (ecdsa_secp384r1_sha384), over tls12-message.txt.
printf 'TLS 1.2 ServerKeyExchange: client random, server random, ECDH parameters\n' > tls12-message.txt
openssl dgst -sha256 -sign ../server-p384.key -out tls12-p384-sha256.sig tls12-message.txt
openssl dgst -sha384 -sign ../server-ecdsa.key -out tls12-p256-sha384.sig tls12-message.txt
