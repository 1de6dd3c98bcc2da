package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/eval"
)

// evalFlags are the options of tremplin eval.
type evalFlags struct {
	catalog, queries, referentiel, data string
	url, key                            string
	json                                bool
}

// evalHTTPTimeout bounds each recommendation asked of a server (--url).
const evalHTTPTimeout = 30 * time.Second

func newEvalCmd(e *env) *cobra.Command {
	var fl evalFlags
	cmd := &cobra.Command{
		Use:   "eval (--catalog FICHIER | --url BASE [--key CLÉ]) --queries FICHIER [--referentiel DOSSIER] [--json]",
		Short: "Mesurer la qualité des recommandations sur des requêtes jugées",
		Long: `Exécute chaque requête jugée et affiche nDCG@10, rappel@10 et MRR@10, au total et par ensemble,
avec la latence p50/p95/p99 de chaque classement.

Classement mesuré en premier, « served » : ce que reçoivent les utilisateurs, c'est-à-dire la réponse
de l'API à la requête {projet, desired_skills, current_skills, per_kind: 10} ; les identifiants des
suggestions dans l'ordre servi (types dans l'ordre de la réponse, éléments dans l'ordre), coupés à 10.
Un élément que la réponse ne contient pas (sous le seuil, au-delà de per_kind) compte comme manqué.

Puis, à titre de diagnostic seulement (jamais servis tels quels) :
  fused   le classement fusionné de Rank, avant regroupement par type, seuil et diversité ;
  bleve   la recherche texte seule ;
  vector  la recherche par vecteurs seule.

Avec --catalog : indexe le catalogue dans un dossier temporaire (index texte Bleve, base de vecteurs
embarquée, embedder local), étiquette chaque élément avec ses métiers ROME (--referentiel) et mesure
les quatre classements dans ce processus.
Avec --url : n'indexe rien ; envoie les mêmes requêtes, une à une, à un serveur Tremplin en marche
(POST BASE/api/v1/recommendations, 40 par seconde au plus, clé d'API --key en Bearer, 30 s de délai
maximal par requête) et mesure « served » tel qu'il répond ; une réponse autre que 2xx arrête la mesure ;
latence mesurée côté client (réseau et JSON compris). Seul --queries est alors nécessaire.`,
		Example: `  tremplin eval --catalog ../shared/eval/catalog-rncp.jsonl --queries ../shared/eval/queries-dev.jsonl --referentiel ../shared/referentiels
  tremplin eval --url http://127.0.0.1:8080 --key "$CLE" --queries ../shared/eval/queries-dev.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkEvalFlags(fl); err != nil {
				return &exitError{code: 2, err: err}
			}
			return runEval(cmd.Context(), e, fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "", "fichier catalogue (JSON Lines, JSON, YAML ou CSV) à indexer et mesurer dans ce processus")
	f.StringVar(&fl.queries, "queries", "", "fichier de requêtes jugées (JSON Lines : id, set, projet, desired_skills, current_skills, relevant)")
	f.StringVar(&fl.referentiel, "referentiel", "", "dossier ROME 4.0 (ou dossier contenant rome4_v460/) pour comprendre les métiers visés (avec --catalog)")
	f.StringVar(&fl.data, "data", "", "dossier où construire l'index (avec --catalog ; défaut : dossier temporaire supprimé à la fin)")
	f.StringVar(&fl.url, "url", "", "adresse de base d'un serveur Tremplin en marche (http://hôte:port) à interroger au lieu d'indexer")
	f.StringVar(&fl.key, "key", "", "clé d'API envoyée au serveur (avec --url ; Authorization: Bearer)")
	f.BoolVar(&fl.json, "json", false, "afficher le résultat en JSON")
	return cmd
}

// checkEvalFlags reports a missing or contradictory option.
func checkEvalFlags(fl evalFlags) error {
	switch {
	case fl.queries == "":
		return errors.New("indiquez --queries FICHIER, avec --catalog FICHIER ou --url BASE")
	case fl.url == "" && fl.catalog == "":
		return errors.New("indiquez --catalog FICHIER (mesure dans ce processus) ou --url BASE (serveur en marche)")
	case fl.url == "" && fl.key != "":
		return errors.New("--key ne sert qu'avec --url")
	case fl.url != "" && (fl.catalog != "" || fl.referentiel != "" || fl.data != ""):
		return errors.New("--url interroge un serveur déjà indexé : --catalog, --referentiel et --data ne s'emploient pas avec lui")
	}
	if fl.url != "" {
		u, err := url.Parse(fl.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--url : adresse http(s)://hôte[:port] attendue, reçu %q", fl.url)
		}
	}
	return nil
}

func runEval(ctx context.Context, e *env, fl evalFlags) error {
	queries, err := readQueries(fl.queries)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	var rankers []eval.Ranker
	source, summary := fl.url, french.Count(len(queries), "requête envoyée", "requêtes envoyées")+" à "+fl.url+"."
	if fl.url != "" {
		rankers = []eval.Ranker{eval.Remote(&http.Client{Timeout: evalHTTPTimeout}, fl.url, fl.key)}
	} else {
		rs, n, cleanup, err := evalInProcess(ctx, e, fl)
		if err != nil {
			return err
		}
		defer cleanup()
		rankers, source = rs, "in-process"
		summary = french.Count(len(queries), "requête", "requêtes") + " sur " + french.Count(n, "élément", "éléments") + " du catalogue."
	}
	rep, err := eval.Evaluate(ctx, queries, rankers, terminalProgress(e, "Évaluation", "requêtes"))
	if err != nil {
		return err
	}
	rep.Source = source
	if fl.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(e.stdout, "%s\n\n", summary)
	return rep.WriteTable(e.stdout)
}

// evalInProcess indexes the catalog of fl and returns the served ranking
// then the diagnostic ones over it, the number of items, and what to
// release when done.
func evalInProcess(ctx context.Context, e *env, fl evalFlags) ([]eval.Ranker, int, func(), error) {
	items, err := loadCatalog(e.stderr, []string{fl.catalog}, true)
	if err != nil {
		return nil, 0, nil, err
	}
	dataDir, cleanup, err := evalDataDir(fl.data)
	if err != nil {
		return nil, 0, nil, err
	}
	ref, err := evalReferentiel(ctx, e, fl.referentiel, dataDir)
	if err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	rec, closeStack, err := evalRecommender(ctx, e, dataDir, items, ref)
	if err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	rankers := append([]eval.Ranker{eval.Served(rec)}, eval.Diagnostics(rec)...)
	return rankers, len(items), func() { closeStack(); cleanup() }, nil
}

func readQueries(path string) ([]eval.Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ouvrir les requêtes : %w", err)
	}
	defer f.Close()
	return eval.ReadQueries(f, path)
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
	// The référentiel as serve reads it back from a data directory: the
	// same order of fiches, hence the same fitted embedder and answers.
	if ref, err = referentiel.Load(ctx, dataDir); err != nil {
		return nil, fmt.Errorf("relire le référentiel : %w", err)
	}
	return ref, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// evalRecommender indexes the items in embedded mode with the local
// embedder (tagging them with their métiers) and returns the recommender
// serve would build over them.
func evalRecommender(ctx context.Context, e *env, dataDir string, items []catalog.Item, ref *catalog.Referentiel) (*recommender.Recommender, func(), error) {
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return nil, nil, err
	}
	cfg.dataDir, cfg.databaseURL, cfg.embedder = dataDir, "", "local"
	start := time.Now()
	s, err := openStores(ctx, cfg, e.logger, stores.Options{Rebuild: true, Corpus: items, Referentiel: ref, Progress: newProgress(e, "Indexation")})
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.Indexer().Sync(ctx, items); err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("indexation : %w", err)
	}
	e.logger.Info("eval index built", "items", len(items), "duration", time.Since(start))
	tax, err := taxonomyInUse(ctx, s)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	rec, err := newRecommender(ctx, s, tax, e.logger, recommenderOptions{})
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return rec, func() { s.Close() }, nil
}
