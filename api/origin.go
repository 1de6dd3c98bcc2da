package api

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// permissionsPolicy turns off the browser features Tremplin never uses.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

// hstsPolicy is sent when the public URL is https: one year, this host only.
const hstsPolicy = "max-age=31536000"

// hostCheck lists the Host header values the server answers to.
type hostCheck struct {
	// names holds allowed "host" (any port) and "host:port" entries, lower case.
	names map[string]bool
}

// configureOrigin reads PublicURL, AllowedHosts and TrustedProxies.
func (s *server) configureOrigin() error {
	hosts := &hostCheck{names: map[string]bool{}}
	for _, h := range s.opts.AllowedHosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			hosts.names[strings.TrimSuffix(h, ".")] = true
		}
	}
	if s.opts.PublicURL != "" {
		u, err := url.Parse(s.opts.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("URL publique invalide %q : http(s)://hôte[:port] attendu", s.opts.PublicURL)
		}
		hosts.names[strings.ToLower(u.Host)] = true
		s.publicHTTPS = u.Scheme == "https"
	}
	if s.open() || len(hosts.names) > 0 {
		s.hosts = hosts
	}
	for _, p := range s.opts.TrustedProxies {
		prefix, err := parsePrefix(p)
		if err != nil {
			return fmt.Errorf("mandataire de confiance invalide %q : adresse IP ou bloc CIDR attendu", p)
		}
		s.proxies = append(s.proxies, prefix)
	}
	return nil
}

// parsePrefix reads an IP address or a CIDR block.
func parsePrefix(v string) (netip.Prefix, error) {
	v = strings.TrimSpace(v)
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// allowed reports whether host (a Host header: name or IP, with an
// optional port) is loopback or listed.
func (h *hostCheck) allowed(host string) bool {
	host = strings.ToLower(host)
	name := host
	if n, _, err := net.SplitHostPort(host); err == nil {
		name = n
	}
	name = strings.TrimSuffix(strings.Trim(name, "[]"), ".")
	if name == "" {
		return false
	}
	if name == "localhost" {
		return true
	}
	if a, err := netip.ParseAddr(name); err == nil && a.Unmap().IsLoopback() {
		return true
	}
	return h.names[host] || h.names[name]
}

// checkHost refuses, with 421, requests whose Host header is neither a
// loopback name nor an allowed host: in open demo mode every caller is
// ld_admin, and a site that rebinds its name to 127.0.0.1 would otherwise
// look same-origin to the browser. The health checks answer any host.
func (s *server) checkHost() gin.HandlerFunc {
	return func(c *gin.Context) {
		route := c.FullPath()
		if s.hosts == nil || route == "/healthz" || route == "/readyz" || s.hosts.allowed(c.Request.Host) {
			c.Next()
			return
		}
		const msg = "nom d'hôte non autorisé : Tremplin ne répond qu'à localhost et aux noms listés dans TREMPLIN_ALLOWED_HOSTS (ou TREMPLIN_PUBLIC_URL)"
		s.logger.DebugContext(c.Request.Context(), "host refused", "route", route)
		if isWebRoute(route) {
			c.Data(http.StatusMisdirectedRequest, "text/plain; charset=utf-8", []byte("Requête refusée : "+msg+"."))
			c.Abort()
			return
		}
		writeError(c, s.logger, &Error{Status: http.StatusMisdirectedRequest, Code: "host_not_allowed", Message: msg})
	}
}

// requestHTTPS reports whether the browser reached Tremplin over https:
// directly, through the public URL, or through a trusted proxy that says
// so in X-Forwarded-Proto (ignored from anyone else).
func (s *server) requestHTTPS(c *gin.Context) bool {
	if c.Request.TLS != nil || s.publicHTTPS {
		return true
	}
	proto, _, _ := strings.Cut(c.GetHeader("X-Forwarded-Proto"), ",")
	if !strings.EqualFold(strings.TrimSpace(proto), "https") {
		return false
	}
	peer, err := netip.ParseAddr(c.RemoteIP())
	if err != nil {
		return false
	}
	peer = peer.Unmap()
	for _, p := range s.proxies {
		if p.Contains(peer) {
			return true
		}
	}
	return false
}

// securityHeaders sets conservative headers on every response, and HSTS
// when the public URL is https.
func (s *server) securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", permissionsPolicy)
		h.Set("Cache-Control", "no-store")
		if s.publicHTTPS {
			h.Set("Strict-Transport-Security", hstsPolicy)
		}
		c.Next()
	}
}
