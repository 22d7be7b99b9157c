package security

import (
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/tls"
	"encoding/hex"
	"io"
)

type user struct {
	Name     string
	Password string
}

func HashPassword(u user) string {
	// want: GO031
	sum := md5.Sum([]byte(u.Password))
	return hex.EncodeToString(sum[:])
}

func SignToken(payload []byte) []byte {
	// want: GO031
	h := sha1.New()
	h.Write(payload)
	return h.Sum(nil)
}

func Encrypt(key, plain []byte) ([]byte, error) {
	// want: GO031
	block, err := des.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plain))
	block.Encrypt(out, plain)
	return out, nil
}

func Stream(key, data []byte) error {
	// want: GO031
	c, err := rc4.NewCipher(key)
	if err != nil {
		return err
	}
	c.XORKeyStream(data, data)
	return nil
}

// Not reported: a checksum, an ETag, an HMAC.

func ETag(body []byte) string {
	sum := md5.Sum(body)
	return hex.EncodeToString(sum[:])
}

func Checksum(r io.Reader) ([]byte, error) {
	h := sha1.New()
	if _, err := io.Copy(h, r); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

func MAC(secret, message []byte) []byte {
	m := hmac.New(sha1.New, secret)
	m.Write(message)
	return m.Sum(nil)
}

// ---- TLS ----------------------------------------------------------------

var legacySuites = []uint16{
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	// want: GO032
	tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
}

func ServerConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
			// want: GO032
			tls.TLS_ECDHE_RSA_WITH_RC4_128_SHA,
		},
	}
}

func LegacyConfig() *tls.Config {
	cfg := &tls.Config{}
	// want: GO017
	cfg.MinVersion = tls.VersionTLS10
	cfg.CipherSuites = legacySuites
	return cfg
}

func NumericVersion() *tls.Config {
	// want: GO017
	return &tls.Config{MinVersion: 0x0302}
}

func ModernConfig() *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256},
	}
}
