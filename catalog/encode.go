package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Encode writes items in format f, in the interchange format that Decode
// reads back. The problems name what f cannot hold and was left out (CSV
// has no columns for sessions and blocs, and no way to write a list entry
// containing ";"); the error is for write failures and unknown formats.
func Encode(w io.Writer, items []Item, f Format) ([]Problem, error) {
	switch f {
	case FormatJSONL:
		return nil, encodeJSONL(w, items)
	case FormatJSON:
		return nil, encodeJSON(w, items)
	case FormatYAML:
		return nil, encodeYAML(w, items)
	case FormatCSV:
		return encodeCSV(w, items)
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownFormat, string(f))
}

func encodeJSONL(w io.Writer, items []Item) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range items {
		if err := enc.Encode(&items[i]); err != nil {
			return fmt.Errorf("encode item %q: %w", items[i].ID, err)
		}
	}
	return bw.Flush()
}

func encodeJSON(w io.Writer, items []Item) error {
	if items == nil {
		items = []Item{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		return fmt.Errorf("encode catalog: %w", err)
	}
	return nil
}

// encodeYAML writes the JSON form of each item as block YAML, keeping the
// field order of the JSON form.
func encodeYAML(w io.Writer, items []Item) error {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, items); err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(buf.Bytes(), &doc); err != nil {
		return fmt.Errorf("encode catalog as yaml: %w", err)
	}
	blockStyle(&doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return fmt.Errorf("encode catalog as yaml: %w", err)
	}
	return enc.Close()
}

// blockStyle drops the flow and quoting styles that the JSON source gave
// the nodes; the encoder quotes the strings that need it.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// csvColumns are the columns written by Encode in CSV, in order.
var csvColumns = []string{
	"id", "kind", "title", "description", "skills", "level", "language", "location",
	"provider", "url", "tags", "domain", "duration_hours", "modality", "price_eur",
	"cpf_eligible", "certification_code", "vae_eligible",
	"mentor.name", "mentor.job_title", "mentor.department", "mentor.capacity",
	"mentor.current_mentees", "mentor.languages",
	"mission.department", "mission.start_date", "mission.end_date", "mission.time_share_pct",
	"active", "metiers",
}

func encodeCSV(w io.Writer, items []Item) ([]Problem, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	var problems []Problem
	for i := range items {
		row, ps := csvRow(&items[i])
		problems = append(problems, ps...)
		if err := cw.Write(row); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return problems, nil
}

// csvRow returns the cells of one item in csvColumns order, and what the
// row cannot hold.
func csvRow(it *Item) ([]string, []Problem) {
	var ps []Problem
	lost := func(field, reason string) {
		ps = append(ps, Problem{Field: field, ID: it.ID, Code: CodeUnreadable, Reason: reason})
	}
	list := func(field string, l []string) string {
		for _, s := range l {
			if strings.Contains(s, ";") {
				lost(field, "une entrée contient « ; », qui sépare les entrées en CSV : elle sera coupée")
				break
			}
		}
		return strings.Join(l, ";")
	}
	if len(it.Sessions) > 0 {
		lost("sessions", "le CSV n'a pas de colonne pour les sessions : elles sont omises")
	}
	if len(it.Blocs) > 0 {
		lost("blocs", "le CSV n'a pas de colonne pour les blocs de compétences : ils sont omis")
	}
	row := []string{
		it.ID, string(it.Kind), it.Title, it.Description, list("skills", it.Skills), it.Level,
		it.Language, it.Location, it.Provider, it.URL, list("tags", it.Tags), it.Domain,
		optFloat(it.DurationHours), string(it.Modality), optFloat(it.PriceEUR),
		strconv.FormatBool(it.CPFEligible), it.CertificationCode, strconv.FormatBool(it.VAEEligible),
	}
	mentor := make([]string, 6)
	if m := it.Mentor; m != nil {
		mentor = []string{m.Name, m.JobTitle, m.Department, strconv.Itoa(m.Capacity),
			strconv.Itoa(m.CurrentMentees), list("mentor.languages", m.Languages)}
	}
	mission := make([]string, 4)
	if m := it.Mission; m != nil {
		mission = []string{m.Department, m.StartDate.String(), m.EndDate.String(), strconv.Itoa(m.TimeSharePct)}
	}
	row = append(append(row, mentor...), mission...)
	return append(row, strconv.FormatBool(it.Active), list("metiers", it.Metiers)), ps
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}
