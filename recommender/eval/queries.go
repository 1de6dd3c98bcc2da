// Package eval measures recommendation quality on judged queries: it reads
// query files, runs each query through rankings (what users are served,
// and diagnostic rankings of the recommender's internals), and reports
// nDCG@10, recall@10, MRR@10 and latency, overall and per query set.
//
// It depends on recommender; recommender never imports it.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// Query is one judged query of an eval file (JSON Lines).
type Query struct {
	ID            string   `json:"id"`
	Set           string   `json:"set"`
	Projet        string   `json:"projet"`
	DesiredSkills []string `json:"desired_skills"`
	CurrentSkills []string `json:"current_skills"`
	Relevant      []string `json:"relevant"`
}

// Request returns the recommendation request the query stands for, as
// users send it: projet and skills, K suggestions per kind.
func (q Query) Request() recommender.Request {
	return recommender.Request{Projet: q.Projet, DesiredSkills: q.DesiredSkills, CurrentSkills: q.CurrentSkills, PerKind: K}
}

// ReadQueries decodes an eval query file; name labels errors. Every query
// needs an id, a projet and at least one relevant id; ids are unique.
func ReadQueries(r io.Reader, name string) ([]Query, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var out []Query
	seen := make(map[string]int)
	for line := 1; sc.Scan(); line++ {
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var q Query
		if err := json.Unmarshal([]byte(b), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: JSON invalide : %v: %w", name, line, err, catalog.ErrInvalid)
		}
		if err := checkQuery(q); err != nil {
			return nil, fmt.Errorf("%s:%d: %v: %w", name, line, err, catalog.ErrInvalid)
		}
		if prev, ok := seen[q.ID]; ok {
			return nil, fmt.Errorf("%s:%d: id %q déjà utilisé ligne %d: %w", name, line, q.ID, prev, catalog.ErrInvalid)
		}
		seen[q.ID] = line
		if q.Set == "" {
			q.Set = "default"
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lecture de %s : %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s : aucune requête: %w", name, catalog.ErrInvalid)
	}
	return out, nil
}

func checkQuery(q Query) error {
	switch {
	case strings.TrimSpace(q.ID) == "":
		return fmt.Errorf("champ id : obligatoire")
	case strings.TrimSpace(q.Projet) == "":
		return fmt.Errorf("champ projet : obligatoire (requête %q)", q.ID)
	case len(q.Relevant) == 0:
		return fmt.Errorf("champ relevant : au moins un id attendu (requête %q)", q.ID)
	}
	return nil
}
