package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	records "github.com/tremplin/tremplin/catalog/plan"
)

// catalogPageSize is the number of items per page of /catalogue.
const catalogPageSize = 20

// catalogView is the data of the /catalogue page.
type catalogView struct {
	Q, Kind, Modality string
	CPFOnly, Inactive bool
	Kinds             []catalog.Kind
	Items             []catalog.Item
	Total             int
	Page, Pages       int
	Prev, Next        string // links to the neighbouring pages, "" when none
	// Usage holds, by item id, how many people have the item in a saved
	// plan d'action (items with fewer than plan.MinCell are absent).
	Usage map[string]*records.ItemUsage
	Error string
}

func (p *pages) handleCatalogue() gin.HandlerFunc {
	return func(c *gin.Context) {
		v := catalogView{
			Q: strings.TrimSpace(c.Query("q")), Kind: c.Query("kind"), Modality: c.Query("modality"),
			CPFOnly: c.Query("cpf_only") == "true", Inactive: c.Query("include_inactive") == "true",
			Kinds: catalog.Kinds, Page: 1,
		}
		f, msg := v.filter()
		if n, err := strconv.Atoi(c.DefaultQuery("page", "1")); err != nil || n < 1 || n > 5000 {
			msg = "numéro de page invalide"
		} else {
			v.Page = n
		}
		status := http.StatusOK
		if msg != "" {
			v.Error, status = msg, http.StatusBadRequest
		} else {
			items, total, err := p.s.deps.Catalog.Browse(c.Request.Context(), v.Q, f, (v.Page-1)*catalogPageSize, catalogPageSize)
			if err != nil {
				p.s.logger.ErrorContext(c.Request.Context(), "browse catalog page", "err", err)
				v.Error, status = "La recherche a échoué : réessayez plus tard.", http.StatusInternalServerError
			}
			v.Items, v.Total = items, total
			v.paginate()
			v.Usage = map[string]*records.ItemUsage{}
			us := p.s.itemUsage(c.Request.Context())
			for i := range us {
				v.Usage[us[i].ItemID] = &us[i]
			}
		}
		p.render(c, status, "catalogue", view{Title: "Catalogue", Nav: "catalogue", Data: v})
	}
}

// filter checks the search parameters and turns them into a filter; the
// message says in French what is wrong.
func (v *catalogView) filter() (catalog.Filter, string) {
	f := catalog.Filter{CPFOnly: v.CPFOnly, IncludeInactive: v.Inactive}
	if utf8.RuneCountInString(v.Q) > maxQueryChars {
		return f, fmt.Sprintf("Recherche trop longue (maximum %d caractères).", maxQueryChars)
	}
	if v.Kind != "" {
		if !catalog.Kind(v.Kind).Valid() {
			return f, "Type inconnu."
		}
		f.Kinds = []catalog.Kind{catalog.Kind(v.Kind)}
	}
	m, ok := catalog.ParseModality(v.Modality)
	if !ok {
		return f, "Modalité inconnue (valeurs acceptées : " + catalog.AcceptedModalities + ")."
	}
	f.Modality = m
	return f, ""
}

// paginate sets the page count and the links to the neighbouring pages.
func (v *catalogView) paginate() {
	v.Pages = max(1, (v.Total+catalogPageSize-1)/catalogPageSize)
	link := func(page int) string {
		q := url.Values{}
		for k, val := range map[string]string{"q": v.Q, "kind": v.Kind, "modality": v.Modality} {
			if val != "" {
				q.Set(k, val)
			}
		}
		if v.CPFOnly {
			q.Set("cpf_only", "true")
		}
		if v.Inactive {
			q.Set("include_inactive", "true")
		}
		q.Set("page", strconv.Itoa(page))
		return "/catalogue?" + q.Encode()
	}
	if v.Page > 1 {
		v.Prev = link(min(v.Page-1, v.Pages))
	}
	if v.Page < v.Pages {
		v.Next = link(v.Page + 1)
	}
}

// handleItem shows one item; editable adds the L&D edit form.
func (p *pages) handleItem(editable bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		it, err := p.s.deps.Catalog.Item(c.Request.Context(), c.Param("id"))
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			p.errorPage(c, http.StatusNotFound, "Élément introuvable", "Aucun élément du catalogue ne porte cet identifiant.")
			return
		case err != nil:
			p.s.logger.ErrorContext(c.Request.Context(), "read item page", "err", err)
			p.errorPage(c, http.StatusInternalServerError, "Erreur", "L'élément n'a pas pu être lu : réessayez plus tard.")
			return
		}
		v := view{Title: it.Title, Nav: "plan", Data: struct {
			Item     catalog.Item
			Editable bool
			Metiers  []string
		}{it, editable, p.metierLabels(it.Metiers)}}
		if editable {
			v.Nav, v.Scripts = "catalogue", []string{"element.js"}
		}
		p.render(c, http.StatusOK, "element", v)
	}
}

// metierNamer names a métier by code (referentiel.Index).
type metierNamer interface {
	Metier(code string) (catalog.Metier, bool)
}

// metierLabels names the métiers an item prepares for ("Label (code)"),
// when a référentiel is loaded.
func (p *pages) metierLabels(codes []string) []string {
	n, ok := p.s.deps.Metiers.(metierNamer)
	if !ok {
		return nil
	}
	var out []string
	for _, c := range codes {
		if m, ok := n.Metier(c); ok {
			out = append(out, m.Label+" ("+c+")")
		}
		if len(out) == 5 {
			break
		}
	}
	return out
}

func (p *pages) handleImport() gin.HandlerFunc {
	return func(c *gin.Context) {
		p.render(c, http.StatusOK, "importer", view{Title: "Importer", Nav: "importer", Scripts: []string{"importer.js"}})
	}
}
