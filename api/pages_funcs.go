package api

import (
	"errors"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/tremplin/tremplin/catalog"
)

// templateFuncs are the helpers of the page templates: French labels and
// French number formats.
var templateFuncs = template.FuncMap{
	"kindLabel":     kindLabel,
	"kindRegistry":  kindRegistry,
	"cpfKind":       func(k catalog.Kind) bool { return k.TakesCPF() },
	"modalityLabel": func(m any) string { return modalityLabels[toString(m)] },
	"roleLabel":     func(r Role) string { return roleLabels[r] },
	"demoEmployer":  func() string { return DemoEmployer },
	"hours":         func(h *float64) string { return frenchNumber(*h) + " h" },
	"euros":         euros,
	"date":          frenchDate,
	"num": func(x *float64) string {
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	},
	"provider": func(it catalog.Item) string {
		switch {
		case it.Provider != "":
			return it.Provider
		case it.Mentor != nil:
			return it.Mentor.Department
		case it.Mission != nil:
			return it.Mission.Department
		}
		return ""
	},
	// pathEscape makes a text one URL path segment ("a b%" → "a%20b%25"):
	// html/template alone keeps "/", "?", "#", "%" and ".." of an id as
	// they are in a link.
	"pathEscape": url.PathEscape,
	"join":       strings.Join,
	"list":       func(s ...string) []string { return s },
	"dict": func(kv ...string) (map[string]string, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict: odd number of arguments")
		}
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m, nil
	},
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
}

func kindLabel(k catalog.Kind) string {
	info, _ := k.Info()
	return info.Label
}

var modalityLabels = map[string]string{
	"presentiel": "présentiel", "distanciel": "distanciel", "hybride": "hybride",
}

var roleLabels = map[Role]string{
	RoleEmployee: "Salarié·e", RoleManager: "Manager", RoleLDAdmin: "L&D (formation)", RoleHRAdmin: "RH (administration)",
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case catalog.Modality:
		return string(x)
	}
	return ""
}

func euros(p *float64) string {
	if *p == 0 {
		return "gratuit"
	}
	return frenchNumber(*p) + "\u00a0€"
}

// frenchNumber writes x the French way: thin spaces between thousands, a
// decimal comma, at most two decimals.
func frenchNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "?"
	}
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return sign + b.String()
}

// frenchDate writes a date as DD/MM/YYYY ("" when unset).
func frenchDate(d catalog.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("02/01/2006")
}

// kindEntry is one item kind as the pages' scripts read it (#types-elements).
type kindEntry struct {
	Value   string `json:"value"`
	Label   string `json:"label"`
	Heading string `json:"heading"`
	// Learning kinds (formations, certifications) have a price, a duration
	// and a modality.
	Learning bool `json:"learning"`
	// CPF says whether CPF eligibility applies to the kind.
	CPF bool `json:"cpf"`
}

// kindRegistry lists the item kinds of catalog.KindInfos, in display order,
// for the pages' scripts: app.js spells no kind itself.
func kindRegistry() []kindEntry {
	out := make([]kindEntry, len(catalog.KindInfos))
	for i, k := range catalog.KindInfos {
		out[i] = kindEntry{Value: string(k.Kind), Label: k.Label, Heading: k.Heading, Learning: k.Learning, CPF: k.CPF}
	}
	return out
}
