package pgstate

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
)

// Demand keeps the skill-demand aggregates of every replica in the
// database, by month: counts only, never a request, a person or a session.
// Each increment is one INSERT … ON CONFLICT DO UPDATE adding to the
// stored count, so replicas counting at once lose nothing.
type Demand struct {
	db *DB
}

// Demand returns the skill-demand counter of db.
func (db *DB) Demand() *Demand { return &Demand{db: db} }

// month is the key of the month of t ("2026-05", UTC), as in indexer/demand.
func month(t time.Time) string { return t.UTC().Format("2006-01") }

// AddSkills counts, in the month of t, one request for each skill and, for
// each, one for each kind of constraint the request carried.
func (d *Demand) AddSkills(ctx context.Context, t time.Time, skills, constraints []string) error {
	if len(skills) == 0 {
		return nil
	}
	perSkill := map[string]int64{}
	perPair := map[[2]string]int64{}
	for _, s := range skills {
		perSkill[s]++
		for _, c := range constraints {
			perPair[[2]string{s, c}]++
		}
	}
	// Rows are written in key order: two transactions locking the same
	// rows in different orders would deadlock.
	labels := slices.Sorted(maps.Keys(perSkill))
	counts := make([]int64, len(labels))
	for i, s := range labels {
		counts[i] = perSkill[s]
	}
	pairs := slices.SortedFunc(maps.Keys(perPair), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	pairSkills, pairKinds, pairCounts := make([]string, len(pairs)), make([]string, len(pairs)), make([]int64, len(pairs))
	for i, p := range pairs {
		pairSkills[i], pairKinds[i], pairCounts[i] = p[0], p[1], perPair[p]
	}
	m := month(t)
	err := pgx.BeginFunc(ctx, d.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO demand_skills (month, skill, n)
			SELECT $1, s, n FROM unnest($2::text[], $3::bigint[]) AS u(s, n)
			ON CONFLICT (month, skill) DO UPDATE SET n = demand_skills.n + EXCLUDED.n`, m, labels, counts); err != nil {
			return err
		}
		if len(pairSkills) == 0 {
			return nil
		}
		_, err := tx.Exec(ctx, `INSERT INTO demand_constrained (month, skill, constraint_kind, n)
			SELECT $1, s, k, n FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(s, k, n)
			ON CONFLICT (month, skill, constraint_kind) DO UPDATE SET n = demand_constrained.n + EXCLUDED.n`,
			m, pairSkills, pairKinds, pairCounts)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstate: count demanded skills: %w", err)
	}
	return nil
}

// AddUnknownSkill counts n requests, in the month of t, for a skill label
// the taxonomy does not know.
func (d *Demand) AddUnknownSkill(ctx context.Context, t time.Time, label string, n int) error {
	if label == "" || n <= 0 {
		return nil
	}
	_, err := d.db.pool.Exec(ctx, `INSERT INTO demand_unknown_skills (month, label, n) VALUES ($1, $2, $3)
		ON CONFLICT (month, label) DO UPDATE SET n = demand_unknown_skills.n + EXCLUDED.n`, month(t), label, n)
	if err != nil {
		return fmt.Errorf("pgstate: count unknown skill: %w", err)
	}
	return nil
}

// AddUnservedMetier counts, in the month of t, one request for the métier
// code, labelled label, that got no suggestion. The latest label given for
// a code is kept.
func (d *Demand) AddUnservedMetier(ctx context.Context, t time.Time, code, label string) error {
	if code == "" {
		return nil
	}
	_, err := d.db.pool.Exec(ctx, `INSERT INTO demand_metiers (month, code, label, requests) VALUES ($1, $2, $3, 1)
		ON CONFLICT (month, code) DO UPDATE SET requests = demand_metiers.requests + 1,
			label = CASE WHEN EXCLUDED.label = '' THEN demand_metiers.label ELSE EXCLUDED.label END`,
		month(t), code, label)
	if err != nil {
		return fmt.Errorf("pgstate: count unserved métier: %w", err)
	}
	return nil
}

// Counts sums the months from the month of since on (every month when
// since is zero). Métiers come ordered by code, with the label of their
// latest month.
func (d *Demand) Counts(ctx context.Context, since time.Time) (catalog.DemandCounts, error) {
	out := catalog.DemandCounts{Skills: map[string]int{}, Constrained: map[string]map[string]int{}, Unknown: map[string]int{}}
	from := ""
	if !since.IsZero() {
		from = month(since)
	}
	err := pgx.BeginTxFunc(ctx, d.db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := sumInto(ctx, tx, "SELECT skill, sum(n) FROM demand_skills WHERE month >= $1 GROUP BY skill", from, out.Skills); err != nil {
			return err
		}
		if err := sumInto(ctx, tx, "SELECT label, sum(n) FROM demand_unknown_skills WHERE month >= $1 GROUP BY label", from, out.Unknown); err != nil {
			return err
		}
		if err := constrained(ctx, tx, from, out.Constrained); err != nil {
			return err
		}
		var err error
		out.Metiers, err = metiers(ctx, tx, from)
		return err
	})
	if err != nil {
		return catalog.DemandCounts{}, fmt.Errorf("pgstate: read demand counts: %w", err)
	}
	return out, nil
}

// sumInto adds the (label, sum) rows of q to into.
func sumInto(ctx context.Context, tx pgx.Tx, q, from string, into map[string]int) error {
	rows, err := tx.Query(ctx, q, from)
	if err != nil {
		return err
	}
	var label string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&label, &n}, func() error {
		into[label] += int(n)
		return nil
	})
	return err
}

func constrained(ctx context.Context, tx pgx.Tx, from string, into map[string]map[string]int) error {
	rows, err := tx.Query(ctx, "SELECT skill, constraint_kind, sum(n) FROM demand_constrained WHERE month >= $1 GROUP BY skill, constraint_kind", from)
	if err != nil {
		return err
	}
	var skill, kind string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&skill, &kind, &n}, func() error {
		if into[skill] == nil {
			into[skill] = map[string]int{}
		}
		into[skill][kind] += int(n)
		return nil
	})
	return err
}

func metiers(ctx context.Context, tx pgx.Tx, from string) ([]catalog.MetierDemand, error) {
	rows, err := tx.Query(ctx, `SELECT code, sum(requests),
			(array_agg(label ORDER BY month DESC) FILTER (WHERE label <> ''))[1]
		FROM demand_metiers WHERE month >= $1 GROUP BY code ORDER BY code`, from)
	if err != nil {
		return nil, err
	}
	var out []catalog.MetierDemand
	var code string
	var label *string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&code, &n, &label}, func() error {
		m := catalog.MetierDemand{Code: code, Requests: int(n)}
		if label != nil {
			m.Label = *label
		}
		out = append(out, m)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, err
}
