package api

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzLocalPath: whatever the sign-in form receives as the page to return
// to, the redirect stays on this site.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/catalogue?q=excel", "//evil.example", "/\\evil", "https://x", "/a\r\nb", "/%2F%2Fevil", "", "javascript:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := localPath(in)
		if got == "" {
			return
		}
		if got != in || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || strings.ContainsAny(got, "\r\n") {
			t.Fatalf("localPath(%q) = %q", in, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" {
			t.Fatalf("localPath(%q) = %q, which leaves the site", in, got)
		}
	})
}

// FuzzCatalogueParams: any search parameters give a filter or a French
// message, and pagination links that stay on /catalogue.
func FuzzCatalogueParams(f *testing.F) {
	f.Add("excel", "formation", "presentiel", 3, 57)
	f.Add("", "", "", 1, 0)
	f.Add("a&b=c", "webinaire", "?", 9999, 1)
	f.Fuzz(func(t *testing.T, q, kind, modality string, page, total int) {
		v := catalogView{Q: q, Kind: kind, Modality: modality, Page: page, Total: total}
		if _, msg := v.filter(); msg != "" {
			return
		}
		if v.Page < 1 || v.Total < 0 {
			return // the handler refuses such pages and totals are counts
		}
		v.paginate()
		for _, link := range []string{v.Prev, v.Next} {
			if link != "" && (!strings.HasPrefix(link, "/catalogue?") || localPath(link) != link) {
				t.Fatalf("pagination link %q leaves the catalogue", link)
			}
		}
		if v.Pages < 1 {
			t.Fatalf("%d pages", v.Pages)
		}
	})
}
