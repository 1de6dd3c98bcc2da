package api

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

const (
	// jwksMinRefresh spaces fetches of the key set, so unknown key ids
	// cannot make Tremplin hammer the identity provider.
	jwksMinRefresh = time.Minute
	// jwksMaxAge is how long fetched keys are used before a refresh is tried.
	jwksMaxAge = time.Hour
	// jwksTimeout bounds one fetch.
	jwksTimeout = 10 * time.Second
	// jwksMaxBytes caps the size of a key set document.
	jwksMaxBytes = 1 << 20
)

var errUnknownKey = errors.New("no usable key for this token in the key set")

// publicKey is one usable key of a JSON Web Key Set.
type publicKey struct {
	alg string // RS256 or ES256
	key any    // *rsa.PublicKey or *ecdsa.PublicKey
}

// jwksCache holds the keys of a JSON Web Key Set, fetched on first use and
// again when a token names an unknown key or the keys are old, at most once
// per jwksMinRefresh.
type jwksCache struct {
	url    string
	client *http.Client
	logger *slog.Logger
	now    func() time.Time

	fetchMu sync.Mutex // one fetch at a time
	mu      sync.Mutex // guards the fields below
	keys    map[string]publicKey
	fetched time.Time // last successful fetch
	tried   time.Time // last attempt
}

func newJWKSCache(url string, client *http.Client, logger *slog.Logger) *jwksCache {
	if client == nil {
		client = &http.Client{Timeout: jwksTimeout}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &jwksCache{url: url, client: client, logger: logger, now: time.Now}
}

// key returns the key with id kid (any key for alg when the token names
// none and the set holds exactly one) for verifying a token signed with alg.
func (c *jwksCache) key(ctx context.Context, kid, alg string) (any, error) {
	c.mu.Lock()
	k, ok := findKey(c.keys, kid, alg)
	stale := c.now().Sub(c.fetched) > jwksMaxAge
	c.mu.Unlock()
	if ok && !stale {
		return k, nil
	}
	c.refresh(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := findKey(c.keys, kid, alg); ok {
		return k, nil
	}
	return nil, errUnknownKey
}

func findKey(keys map[string]publicKey, kid, alg string) (any, bool) {
	if kid == "" && len(keys) == 1 {
		for kid = range keys {
		}
	}
	k, ok := keys[kid]
	if !ok || k.alg != alg {
		return nil, false
	}
	return k.key, true
}

// refresh fetches the key set unless an attempt was made less than
// jwksMinRefresh ago; on failure the keys already held are kept.
func (c *jwksCache) refresh(ctx context.Context) {
	c.fetchMu.Lock()
	defer c.fetchMu.Unlock()
	c.mu.Lock()
	recent := !c.tried.IsZero() && c.now().Sub(c.tried) < jwksMinRefresh
	if !recent {
		c.tried = c.now()
	}
	c.mu.Unlock()
	if recent {
		return
	}
	// A caller who hangs up must not fail the fetch for the others waiting.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), jwksTimeout)
	defer cancel()
	keys, err := c.fetch(ctx)
	if err != nil {
		c.logger.WarnContext(ctx, "jwks fetch failed", "url", c.url, "err", err)
		return
	}
	c.mu.Lock()
	c.keys, c.fetched = keys, c.now()
	c.mu.Unlock()
}

func (c *jwksCache) fetch(ctx context.Context) (map[string]publicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, jwksMaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > jwksMaxBytes {
		return nil, errors.New("key set larger than 1 MiB")
	}
	return parseJWKS(body)
}

// jsonWebKey is one entry of a JSON Web Key Set (RFC 7517), with the
// members of RSA and EC public keys (RFC 7518).
type jsonWebKey struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseJWKS keeps the signature keys usable with RS256 (RSA, at least 2048
// bits) or ES256 (EC on P-256); other keys are skipped.
func parseJWKS(body []byte) (map[string]publicKey, error) {
	var set struct {
		Keys []jsonWebKey `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("decode key set: %w", err)
	}
	keys := map[string]publicKey{}
	for _, k := range set.Keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		var pk publicKey
		var err error
		switch k.Kty {
		case "RSA":
			pk.alg = "RS256"
			pk.key, err = rsaKey(k.N, k.E)
		case "EC":
			pk.alg = "ES256"
			pk.key, err = ecKey(k.Crv, k.X, k.Y)
		default:
			continue
		}
		if err != nil || (k.Alg != "" && k.Alg != pk.alg) {
			continue
		}
		keys[k.Kid] = pk
	}
	if len(keys) == 0 {
		return nil, errors.New("no usable RS256 or ES256 key in the key set")
	}
	return keys, nil
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func rsaKey(n, e string) (*rsa.PublicKey, error) {
	nb, err := b64(n)
	if err != nil {
		return nil, err
	}
	eb, err := b64(e)
	if err != nil || len(eb) == 0 || len(eb) > 4 {
		return nil, errors.New("bad RSA exponent")
	}
	exp := int(new(big.Int).SetBytes(eb).Int64())
	mod := new(big.Int).SetBytes(nb)
	if exp < 3 || exp%2 == 0 || mod.BitLen() < 2048 {
		return nil, errors.New("weak RSA key")
	}
	return &rsa.PublicKey{N: mod, E: exp}, nil
}

func ecKey(crv, x, y string) (*ecdsa.PublicKey, error) {
	if crv != "P-256" {
		return nil, errors.New("unsupported curve")
	}
	xb, err := b64(x)
	if err != nil || len(xb) != 32 {
		return nil, errors.New("bad EC x")
	}
	yb, err := b64(y)
	if err != nil || len(yb) != 32 {
		return nil, errors.New("bad EC y")
	}
	// ParseUncompressedPublicKey checks that the point is on the curve.
	return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, xb...), yb...))
}
