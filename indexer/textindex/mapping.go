package textindex

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/tremplin/tremplin/catalog"
)

// Field names of the indexed documents. The text fields carry the names of
// catalog.TextClause fields.
const (
	fieldKind        = "kind"
	fieldModality    = "modality"
	fieldLanguage    = "language"
	fieldLocation    = "location" // case-folded like strings.EqualFold
	fieldLevel       = "level"
	fieldDomain      = "domain"
	fieldDepartment  = "department"
	fieldCPF         = "cpf"
	fieldCPFOK       = "cpf_ok" // true unless a formation or certification outside CPF
	fieldActive      = "active"
	fieldAvailable   = "available" // false only for mentors at capacity
	fieldPrice       = "price"
	fieldHours       = "hours"
	fieldStart       = "mission_start" // Unix seconds
	fieldEnd         = "mission_end"   // Unix seconds
	fieldHasModality = "has_modality"
	fieldHasLanguage = "has_language"
	fieldHasLocation = "has_location"
	fieldHasPrice    = "has_price"
	fieldHasHours    = "has_hours"
	fieldHasStart    = "has_mission_start"
	fieldHasEnd      = "has_mission_end"
	fieldHash        = "hash"
)

// textFieldOrder are the fields a catalog.TextClause may name, in the
// order a clause without a field searches them.
var textFieldOrder = []string{catalog.FieldTitle, catalog.FieldSkills, catalog.FieldDescription, catalog.FieldTags, catalog.FieldMetiers}

// textFields are the fields a catalog.TextClause may name.
var textFields = func() map[string]bool {
	m := make(map[string]bool, len(textFieldOrder))
	for _, f := range textFieldOrder {
		m[f] = true
	}
	return m
}()

// newMapping builds the explicit index mapping: no dynamic fields, French
// analysis on text, keywords, booleans and numbers for filters, and the
// stored content hash.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	for name, def := range analyzers() {
		if err := im.AddCustomAnalyzer(name, def); err != nil {
			return nil, fmt.Errorf("analyzer %s: %w", name, err)
		}
	}
	im.ScoringModel = index.BM25Scoring
	im.DefaultAnalyzer = AnalyzerFrench
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	for f := range textFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = AnalyzerFrench
		if f == catalog.FieldMetiers {
			fm.Analyzer = AnalyzerCode
		}
		fm.Store, fm.DocValues, fm.IncludeInAll = false, false, false
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range []string{fieldKind, fieldModality, fieldLanguage, fieldLocation, fieldLevel, fieldDomain, fieldDepartment} {
		doc.AddFieldMappingsAt(f, filterField(bleve.NewKeywordFieldMapping()))
	}
	for _, f := range []string{fieldCPF, fieldCPFOK, fieldActive, fieldAvailable, fieldHasModality, fieldHasLanguage,
		fieldHasLocation, fieldHasPrice, fieldHasHours, fieldHasStart, fieldHasEnd} {
		doc.AddFieldMappingsAt(f, filterField(bleve.NewBooleanFieldMapping()))
	}
	for _, f := range []string{fieldPrice, fieldHours, fieldStart, fieldEnd} {
		doc.AddFieldMappingsAt(f, filterField(bleve.NewNumericFieldMapping()))
	}
	hash := bleve.NewKeywordFieldMapping()
	hash.Analyzer = keyword.Name
	hash.Store, hash.Index, hash.DocValues, hash.IncludeInAll = true, false, false, false
	doc.AddFieldMappingsAt(fieldHash, hash)

	im.DefaultMapping = doc
	return im, im.Validate()
}

func filterField(fm *mapping.FieldMapping) *mapping.FieldMapping {
	fm.Store, fm.IncludeInAll, fm.IncludeTermVectors, fm.DocValues = false, false, false, false
	return fm
}

// document turns a record into the map Bleve indexes under the mapping.
func document(rec catalog.Record) map[string]interface{} {
	it := &rec.Item
	d := map[string]interface{}{
		catalog.FieldTitle:       it.Title,
		catalog.FieldSkills:      skillTexts(it),
		catalog.FieldDescription: descriptionText(it),
		catalog.FieldTags:        it.Tags,
		catalog.FieldMetiers:     it.Metiers,
		fieldKind:                string(it.Kind),
		fieldCPF:                 it.CPFEligible,
		fieldCPFOK:               it.CPFEligible || !it.Kind.TakesCPF(),
		fieldActive:              it.Active,
		fieldAvailable:           it.Kind != catalog.KindMentoring || it.Mentor.Available(),
		fieldHasModality:         it.Modality != "",
		fieldHasLanguage:         it.Language != "",
		fieldHasLocation:         it.Location != "",
		fieldHash:                rec.Hash,
	}
	setKeyword(d, fieldModality, string(it.Modality))
	setKeyword(d, fieldLanguage, it.Language)
	setKeyword(d, fieldLocation, catalog.FoldCase(it.Location))
	setKeyword(d, fieldLevel, it.Level)
	setKeyword(d, fieldDomain, it.Domain)
	p, ok := it.Price()
	d[fieldHasPrice] = ok
	if ok {
		d[fieldPrice] = p
	}
	h, ok := it.Duration()
	d[fieldHasHours] = ok
	if ok {
		d[fieldHours] = h
	}
	addPeople(d, it)
	return d
}

func setKeyword(d map[string]interface{}, field, v string) {
	if v != "" {
		d[field] = v
	}
}

// addPeople adds the mentor's and the mission's department and the
// mission's open dates; only missions carry dates for the filter.
func addPeople(d map[string]interface{}, it *catalog.Item) {
	d[fieldHasStart], d[fieldHasEnd] = false, false
	switch {
	case it.Mentor != nil:
		setKeyword(d, fieldDepartment, it.Mentor.Department)
	case it.Mission != nil:
		setKeyword(d, fieldDepartment, it.Mission.Department)
	}
	if it.Kind != catalog.KindMission || it.Mission == nil {
		return
	}
	if s := it.Mission.StartDate; !s.IsZero() {
		d[fieldHasStart], d[fieldStart] = true, float64(s.Unix())
	}
	if e := it.Mission.EndDate; !e.IsZero() {
		d[fieldHasEnd], d[fieldEnd] = true, float64(e.Unix())
	}
}

// skillTexts lists the item's skills and those of its blocs (with the bloc
// titles), one label per entry.
func skillTexts(it *catalog.Item) []string {
	out := append([]string(nil), it.Skills...)
	for _, b := range it.Blocs {
		out = append(out, b.Title)
		out = append(out, b.Skills...)
	}
	return out
}

// descriptionText is the description plus, for people, their job title and department.
func descriptionText(it *catalog.Item) string {
	parts := []string{it.Description}
	if it.Mentor != nil {
		parts = append(parts, it.Mentor.JobTitle, it.Mentor.Department)
	}
	if it.Mission != nil {
		parts = append(parts, it.Mission.Department)
	}
	return strings.Join(parts, "\n")
}
