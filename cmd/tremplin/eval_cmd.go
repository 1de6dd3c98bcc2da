package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/metier"
)

// evalFlags are the options of tremplin eval.
type evalFlags struct {
	catalog, queries, referentiel, data string
	json                                bool
}

func newEvalCmd(e *env) *cobra.Command {
	var fl evalFlags
	cmd := &cobra.Command{
		Use:   "eval --catalog FICHIER --queries FICHIER [--referentiel DOSSIER] [--json]",
		Short: "Mesurer la qualité des recommandations sur des requêtes jugées",
		Long: "Indexe le catalogue dans un dossier temporaire (index texte Bleve, base de vecteurs embarquée, " +
			"embedder local), étiquette chaque élément avec ses métiers ROME, exécute chaque requête et affiche " +
			"nDCG@10, rappel@10 et MRR@10, au total et par ensemble, pour le classement de Tremplin et pour les " +
			"classements texte seul (bleve) et vecteurs seuls (vector), avec la latence p50/p95/p99 de chacun.",
		Example: "  tremplin eval --catalog ../shared/eval/catalog-rncp.jsonl --queries ../shared/eval/queries-dev.jsonl --referentiel ../shared/referentiels",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if fl.catalog == "" || fl.queries == "" {
				return &exitError{code: 2, err: errors.New("indiquez --catalog FICHIER et --queries FICHIER")}
			}
			return runEval(cmd.Context(), e, fl)
		},
	}
	cmd.Flags().StringVar(&fl.catalog, "catalog", "", "fichier catalogue (JSON Lines, JSON, YAML ou CSV)")
	cmd.Flags().StringVar(&fl.queries, "queries", "", "fichier de requêtes jugées (JSON Lines : id, set, projet, desired_skills, current_skills, relevant)")
	cmd.Flags().StringVar(&fl.referentiel, "referentiel", "", "dossier ROME 4.0 (ou dossier contenant rome4_v460/) pour comprendre les métiers visés")
	cmd.Flags().StringVar(&fl.data, "data", "", "dossier où construire l'index (défaut : dossier temporaire supprimé à la fin)")
	cmd.Flags().BoolVar(&fl.json, "json", false, "afficher le résultat en JSON")
	return cmd
}

func runEval(ctx context.Context, e *env, fl evalFlags) error {
	queries, err := readQueries(fl.queries)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	items, err := loadCatalog(e.stderr, []string{fl.catalog}, true)
	if err != nil {
		return err
	}
	dataDir, cleanup, err := evalDataDir(fl.data)
	if err != nil {
		return err
	}
	defer cleanup()
	ref, err := evalReferentiel(ctx, e, fl.referentiel, dataDir)
	if err != nil {
		return err
	}
	rec, closeStack, err := evalRecommender(ctx, e, dataDir, items, ref)
	if err != nil {
		return err
	}
	defer closeStack()
	rep, err := recommender.Evaluate(ctx, queries, rec.EvalRankers())
	if err != nil {
		return err
	}
	if fl.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(e.stdout, "%d requête(s) sur %d élément(s) du catalogue.\n\n", len(queries), len(items))
	return rep.WriteTable(e.stdout)
}

func readQueries(path string) ([]recommender.EvalQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ouvrir les requêtes : %w", err)
	}
	defer f.Close()
	return recommender.ReadQueries(f, path)
}

// evalDataDir returns the directory to index into and how to clean it up.
func evalDataDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "tremplin-eval-")
	if err != nil {
		return "", nil, fmt.Errorf("créer un dossier temporaire : %w", err)
	}
	return tmp, func() { _ = os.RemoveAll(tmp) }, nil
}

// evalReferentiel imports ROME 4.0 from dir (or its rome4_v460
// subdirectory) and saves it in dataDir, where the index stack finds it.
// Without dir, no référentiel is used.
func evalReferentiel(ctx context.Context, e *env, dir, dataDir string) (*catalog.Referentiel, error) {
	if dir == "" {
		return nil, nil
	}
	if sub := filepath.Join(dir, "rome4_v460"); isDir(sub) {
		dir = sub
	}
	start := time.Now()
	ref, st, err := referentiel.ImportROME(ctx, dir)
	if err != nil {
		return nil, &exitError{code: 1, err: fmt.Errorf("import ROME (%s) : %w", dir, err)}
	}
	e.logger.Info("rome imported", "dir", dir, "fiches", st.Fiches, "duration", time.Since(start))
	if err := referentiel.Save(ctx, dataDir, ref); err != nil {
		return nil, fmt.Errorf("enregistrer le référentiel : %w", err)
	}
	return ref, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// evalRecommender tags the items with their métiers, indexes them in
// embedded mode with the local embedder and returns a recommender over them.
func evalRecommender(ctx context.Context, e *env, dataDir string, items []catalog.Item, ref *catalog.Referentiel) (*recommender.Recommender, func(), error) {
	if ref != nil {
		tagger := metier.NewTagger(ref, 0)
		for i := range items {
			items[i].Metiers = tagger.Tag(items[i])
		}
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return nil, nil, err
	}
	cfg.dataDir, cfg.databaseURL, cfg.embedder = dataDir, "", "local"
	start := time.Now()
	s, err := openStack(ctx, cfg, e.logger, stackOptions{rebuild: true, corpus: items, ref: ref})
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.ix.Sync(ctx, items); err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("indexation : %w", err)
	}
	e.logger.Info("eval index built", "items", len(items), "duration", time.Since(start))
	rec := recommender.New(recommender.Deps{
		Text: s.text, Vector: s.vec, Embedder: s.queryEmb, Items: s.vec,
		Metiers: metier.NewIndex(ref), Tags: recommender.NewTagIndex(items),
		Logger: e.logger,
	})
	return rec, func() { s.Close() }, nil
}
