package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/atomicfile"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/calibrate"
	"github.com/tremplin/tremplin/recommender/eval"
)

// calibrateFlags are the options of tremplin calibrate.
type calibrateFlags struct {
	catalog, queries, referentiel, out string
	floors                             []float64
	floor, strong, medium, lambda      float64
	folds                              int
	// foldBy is what folds never split: "metier" (the target métier) or
	// "set" (one fold per query set).
	foldBy string
	// withOnly skips the model without référentiel (quicker experiments).
	withOnly bool
	// demoGoals is a file of goals the demo can and cannot serve.
	demoGoals string
}

func newCalibrateCmd(e *env) *cobra.Command {
	fl := calibrateFlags{}
	cmd := &cobra.Command{
		Use:   "calibrate --catalog FICHIER --queries FICHIER --referentiel DOSSIER [--out FICHIER]",
		Short: "Apprendre le modèle de confiance des suggestions sur des requêtes jugées",
		Long: "Indexe le catalogue (avec puis sans référentiel), recueille les candidats de chaque requête avec " +
			"leurs caractéristiques, apprend une régression logistique de la pertinence, la valide par plis " +
			"qui ne partagent jamais un métier visé (table de fiabilité par décile, score de Brier, erreur de " +
			"calibration attendue), mesure le nDCG@10 servi selon le seuil, et écrit les modèles en JSON.",
		Example: "  tremplin calibrate --catalog ../shared/eval/catalog-rncp.jsonl --queries ../shared/eval/queries-dev.jsonl --referentiel ../shared/referentiels --out recommender/confidence_model.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if fl.catalog == "" || fl.queries == "" || fl.referentiel == "" {
				return &exitError{code: 2, err: errors.New("indiquez --catalog FICHIER, --queries FICHIER et --referentiel DOSSIER")}
			}
			if fl.foldBy != "metier" && fl.foldBy != "set" {
				return &exitError{code: 2, err: fmt.Errorf("--fold-by %q : attendu metier ou set", fl.foldBy)}
			}
			if fl.folds < 2 {
				return &exitError{code: 2, err: fmt.Errorf("--folds %d : il faut au moins 2 plis", fl.folds)}
			}
			return runCalibrate(cmd.Context(), e, fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "", "fichier catalogue")
	f.StringVar(&fl.queries, "queries", "", "fichier de requêtes jugées (JSON Lines)")
	f.StringVar(&fl.referentiel, "referentiel", "", "dossier ROME 4.0 (ou dossier contenant rome4_v460/)")
	f.StringVar(&fl.out, "out", "", "fichier où écrire les modèles (JSON) ; sans lui, rien n'est écrit")
	f.Float64SliceVar(&fl.floors, "floors", []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}, "seuils de confiance mesurés")
	f.Float64Var(&fl.floor, "floor", 0.1, "seuil de confiance retenu (écrit avec les modèles)")
	f.Float64Var(&fl.strong, "strong", 0.5, "confiance minimale d'une pertinence « forte »")
	f.Float64Var(&fl.medium, "medium", 0.25, "confiance minimale d'une pertinence « moyenne »")
	f.Float64Var(&fl.lambda, "lambda", 1, "pénalité L2 de la régression")
	f.IntVar(&fl.folds, "folds", 5, "nombre de plis de la validation croisée (avec --fold-by metier)")
	f.StringVar(&fl.foldBy, "fold-by", "metier", "ce que les plis ne partagent jamais : metier (le métier visé, --folds plis) ou set (un pli par ensemble de requêtes : chaque ensemble est mesuré avec un modèle appris sur les autres)")
	f.StringVar(&fl.demoGoals, "demo-goals", "", "objectifs que la démonstration sert ou non (JSON Lines, recommender/testdata/demo/goals.jsonl) : mesurer le seuil sur eux aussi")
	f.BoolVar(&fl.withOnly, "with-referentiel-only", false, "n'apprendre que le modèle avec référentiel (essais ; rien n'est écrit)")
	return cmd
}

func runCalibrate(ctx context.Context, e *env, fl calibrateFlags) error {
	queries, err := readQueries(fl.queries)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	items, err := loadCatalog(e.stderr, []string{fl.catalog}, true)
	if err != nil {
		return err
	}
	out := recommender.Models{Floor: fl.floor, Strong: fl.strong, Medium: fl.medium}
	variants := []bool{true, false}
	if fl.withOnly {
		variants, fl.out = variants[:1], ""
	}
	for _, withRef := range variants {
		m, err := calibrateOne(ctx, e, fl, queries, items, withRef)
		if err != nil {
			return err
		}
		if withRef {
			out.WithReferentiel = m
		} else {
			out.WithoutReferentiel = m
		}
	}
	if fl.demoGoals != "" && !fl.withOnly {
		if err := writeDemoTradeoff(ctx, e, fl, out); err != nil {
			return err
		}
	}
	if fl.out == "" {
		return nil
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.Write(fl.out, append(b, '\n'), 0o644)
}

// calibrateOne indexes the catalog (with or without the référentiel),
// learns and measures one model, and prints its report.
func calibrateOne(ctx context.Context, e *env, fl calibrateFlags, queries []eval.Query, items []catalog.Item, withRef bool) (recommender.Model, error) {
	dataDir, cleanup, err := evalDataDir("")
	if err != nil {
		return recommender.Model{}, err
	}
	defer cleanup()
	var ref *catalog.Referentiel
	name := "sans référentiel"
	if withRef {
		if ref, err = evalReferentiel(ctx, e, fl.referentiel, dataDir); err != nil {
			return recommender.Model{}, err
		}
		name = "avec référentiel ROME"
	}
	rec, closeStack, err := evalRecommender(ctx, e, dataDir, cloneItems(items), ref)
	if err != nil {
		return recommender.Model{}, err
	}
	defer closeStack()
	fold, k, err := newFolder(queries, fl)
	if err != nil {
		return recommender.Model{}, err
	}
	samples, err := collectSamples(ctx, rec, queries, fold)
	if err != nil {
		return recommender.Model{}, err
	}
	preds, folds, err := calibrate.CrossValidate(samples, k, fl.lambda)
	if err != nil {
		return recommender.Model{}, err
	}

	w := e.stdout
	by := "par métier visé"
	if fl.foldBy == "set" {
		by = "un par ensemble de requêtes"
	}
	fmt.Fprintf(w, "\nModèle %s : %d candidats de %d requêtes, %d plis %s\n", name, len(samples), len(queries), k, by)
	writeCalibration(w, calibrate.Measure(preds, samples))
	if err := writeFloorTradeoff(ctx, w, rec, queries, folds, fold, fl); err != nil {
		return recommender.Model{}, err
	}
	m, err := calibrate.Fit(samples, fl.lambda, "RNCP dev, "+name)
	if err != nil {
		return recommender.Model{}, err
	}
	for i, n := range m.Features {
		fmt.Fprintf(w, "  poids %-14s %+.3f\n", n, m.Weights[i])
	}
	fmt.Fprintf(w, "  biais          %+.3f\n", m.Bias)
	return m, nil
}

func cloneItems(items []catalog.Item) []catalog.Item {
	return append([]catalog.Item(nil), items...)
}

// folder gives the cross-validation fold a query is held back in.
type folder func(q eval.Query) int

// newFolder returns the folds of fl.foldBy and their number: by target
// métier (fl.folds folds, a métier's queries all in one), or one fold per
// query set, in the sets' alphabetical order.
func newFolder(queries []eval.Query, fl calibrateFlags) (folder, int, error) {
	if fl.foldBy != "set" {
		return func(q eval.Query) int { return calibrate.Fold(queryGroup(q), fl.folds) }, fl.folds, nil
	}
	index := make(map[string]int)
	var sets []string
	for _, q := range queries {
		if _, ok := index[q.Set]; !ok {
			index[q.Set] = 0
			sets = append(sets, q.Set)
		}
	}
	if len(sets) < 2 {
		return nil, 0, fmt.Errorf("--fold-by set : il faut au moins deux ensembles de requêtes, %d trouvé", len(sets))
	}
	slices.Sort(sets)
	for i, s := range sets {
		index[s] = i
	}
	return func(q eval.Query) int { return index[q.Set] }, len(sets), nil
}

// collectSamples gathers the candidates of every query with their labels.
func collectSamples(ctx context.Context, rec *recommender.Recommender, queries []eval.Query, fold folder) ([]calibrate.Sample, error) {
	var out []calibrate.Sample
	for _, q := range queries {
		req := q.Request()
		cands, err := rec.Candidates(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("requête %s : %w", q.ID, err)
		}
		rel := relevantSet(q)
		for _, c := range cands {
			out = append(out, calibrate.Sample{Group: queryGroup(q), Fold: fold(q), Query: q.ID, ID: c.ID, Features: c.Features, Scope: c.Scope, Relevant: rel[c.ID]})
		}
	}
	return out, nil
}

func relevantSet(q eval.Query) map[string]bool {
	rel := make(map[string]bool, len(q.Relevant))
	for _, id := range q.Relevant {
		rel[id] = true
	}
	return rel
}

var romeCode = regexp.MustCompile(`^[A-N][0-9]{4}$`)

// queryGroup is a query's target métier: the last ROME code in its id
// ("transition-I1609-H2301" → H2301), else the id.
func queryGroup(q eval.Query) string {
	parts := strings.Split(q.ID, "-")
	for i := len(parts) - 1; i >= 0; i-- {
		if romeCode.MatchString(parts[i]) {
			return parts[i]
		}
	}
	return q.ID
}

func writeCalibration(w io.Writer, c calibrate.Calibration) {
	fmt.Fprintf(w, "  plis mis de côté : Brier %.4f, ECE %.4f (n = %d)\n", c.Brier, c.ECE, c.N)
	fmt.Fprintf(w, "  %-12s %7s %10s %10s\n", "confiance", "n", "prédite", "observée")
	for _, b := range c.Bins {
		if b.N == 0 {
			continue
		}
		fmt.Fprintf(w, "  [%.1f, %.1f) %7d %10.3f %10.3f\n", b.Lo, b.Hi, b.N, b.MeanPred, b.Rate)
	}
}

// writeFloorTradeoff measures the served ranking (per kind, floor,
// diversity) on the held-back folds for each floor: nDCG@10 with absent
// items counted as misses, and the share of queries that get nothing.
func writeFloorTradeoff(ctx context.Context, w io.Writer, rec *recommender.Recommender, queries []eval.Query, folds []recommender.Model, fold folder, fl calibrateFlags) error {
	fmt.Fprintf(w, "  %-8s %9s %9s %9s %9s %9s\n", "seuil", "nDCG@10", "metier", "onisep", "transit.", "vides")
	for _, floor := range fl.floors {
		recs := make([]*recommender.Recommender, len(folds))
		for i, m := range folds {
			ms := recommender.Models{WithReferentiel: m, WithoutReferentiel: m, Floor: floor, Strong: fl.strong, Medium: fl.medium}
			recs[i] = rec.WithModels(ms)
		}
		sums, counts := map[string]float64{}, map[string]int{}
		emptyN := 0
		for _, q := range queries {
			req := q.Request()
			resp, err := recs[fold(q)].Recommend(ctx, req)
			if err != nil {
				return fmt.Errorf("requête %s : %w", q.ID, err)
			}
			ids := eval.ServedIDs(resp, eval.K)
			if len(ids) == 0 {
				emptyN++
				if floor == fl.floor && emptyN <= 10 {
					fmt.Fprintf(w, "    vide au seuil %.2f : %s (%s)\n", floor, q.ID, q.Projet)
				}
			}
			n := eval.NDCG(ids, relevantSet(q), eval.K)
			for _, set := range []string{"all", q.Set} {
				sums[set] += n
				counts[set]++
			}
		}
		avg := func(s string) float64 {
			if counts[s] == 0 {
				return 0
			}
			return sums[s] / float64(counts[s])
		}
		fmt.Fprintf(w, "  %-8.2f %9.3f %9.3f %9.3f %9.3f %8.1f%%\n", floor, avg("all"), avg("metier"), avg("onisep"), avg("transition"),
			100*float64(emptyN)/float64(len(queries)))
	}
	return nil
}

// demoGoal is one line of a file of goals the demo company can or cannot
// serve (recommender/testdata/demo/goals.jsonl).
type demoGoal struct {
	Name          string   `json:"name"`
	Projet        string   `json:"projet"`
	DesiredSkills []string `json:"desired_skills"`
	// Serve says whether the demo catalog has suggestions for the goal.
	Serve bool `json:"serve"`
	// Domains are the catalog domains the first suggestions must be from.
	Domains []string `json:"domains"`
	// Dispositifs must be read from the projet.
	Dispositifs []recommender.Dispositif `json:"dispositifs"`
	// MinKinds is the number of kinds that must have suggestions (default 3).
	MinKinds int `json:"min_kinds"`
}

func readDemoGoalFile(path string) ([]demoGoal, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("lire les objectifs de démonstration : %w", err)
	}
	var out []demoGoal
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var g demoGoal
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// writeDemoTradeoff answers the demo goals on the demo catalog for each
// floor, with the models learned: the share of goals the demo cannot serve
// that get nothing (or one suggestion of low pertinence), and the share of
// those it serves that keep suggestions in at least three kinds.
func writeDemoTradeoff(ctx context.Context, e *env, fl calibrateFlags, ms recommender.Models) error {
	goals, err := readDemoGoalFile(fl.demoGoals)
	if err != nil {
		return err
	}
	dataDir, cleanup, err := evalDataDir("")
	if err != nil {
		return err
	}
	defer cleanup()
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	cfg.dataDir, cfg.databaseURL, cfg.embedder = dataDir, "", "local"
	rec, closeStack, err := openRecommender(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer closeStack()
	w := e.stdout
	fmt.Fprintf(w, "\nDémonstration : %d objectifs (%s)\n", len(goals), fl.demoGoals)
	fmt.Fprintf(w, "  %-8s %24s %28s\n", "seuil", "hors champ sans réponse", "dans le champ ≥ 3 types")
	for _, floor := range fl.floors {
		m := ms
		m.Floor = floor
		r := rec.WithModels(m)
		var out, outOK, in, inOK int
		for _, g := range goals {
			resp, err := r.Recommend(ctx, recommender.Request{Projet: g.Projet, DesiredSkills: g.DesiredSkills})
			if err != nil {
				return fmt.Errorf("objectif %q : %w", g.Name, err)
			}
			n, kinds, strong := 0, 0, false
			for _, ks := range resp.Suggestions {
				if len(ks.Items) > 0 {
					kinds++
				}
				for _, s := range ks.Items {
					n++
					strong = strong || s.Pertinence != recommender.PertinenceFaible
				}
			}
			want := g.MinKinds
			if want == 0 {
				want = 3
			}
			if g.Serve {
				in++
				if kinds >= want {
					inOK++
				}
			} else {
				out++
				if n <= 1 && !strong {
					outOK++
				}
			}
		}
		fmt.Fprintf(w, "  %-8.2f %17d / %-4d %22d / %-4d\n", floor, outOK, out, inOK, in)
	}
	return nil
}
