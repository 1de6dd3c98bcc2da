package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/stores"
)

func newIndexCmd(e *env) *cobra.Command {
	var (
		paths                    []string
		dataDir, dbURL, embedder string
		rebuild, dryRun, yes     bool
		remote                   remoteIndex
		skipInvalid              *bool
	)
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Indexer un catalogue (recherche plein texte et vecteurs)",
		Long: `Met l'index texte (Bleve) et la base de vecteurs en phase avec un catalogue :
ajoute les éléments nouveaux ou modifiés, supprime ceux qui ont disparu, laisse le reste.
Sans --catalog, indexe le catalogue de démonstration intégré.
Sans --database-url (ni DATABASE_URL), tout est stocké dans le répertoire de données ;
avec, Postgres + pgvector est la source de vérité des éléments et des vecteurs.
--rebuild reconstruit tout à côté de l'index en service puis bascule d'un coup.

Un élément absent des fichiers donnés est supprimé de l'index : donnez tous les fichiers du
catalogue ensemble. --dry-run affiche les éléments ajoutés, modifiés et supprimés sans rien
écrire. Si plus de 10 % des éléments de l'index seraient supprimés, la commande demande
confirmation sur un terminal, et refuse ailleurs (code de sortie 4) sauf avec --yes.

Avec Postgres, l'indexation n'écrit que dans la base et tourne à côté de « tremplin serve » :
chaque réplica en service reprend les changements par le flux des changements.
Sans Postgres, pendant que « tremplin serve » tourne, le répertoire de données est le sien : envoyez alors le
fichier au serveur avec --url et --key (POST /api/v1/items:import, clé ld_admin) ; le serveur
ajoute et met à jour les éléments, sans en supprimer (désactivez-les depuis le Catalogue).

Exemples :
  tremplin index --catalog catalogue.jsonl --dry-run
  tremplin index --catalog catalogue.jsonl --yes
  tremplin index --url http://127.0.0.1:8080 --key "$CLE_LD" --catalog nouveautes.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if remote.url != "" {
				if err := remote.check(cmd, paths, dryRun || rebuild || yes); err != nil {
					return &exitError{code: 2, err: err}
				}
				return remote.run(cmd.Context(), e, paths, *skipInvalid)
			}
			cfg, err := loadConfig(e.getenv)
			if err != nil {
				return err
			}
			overrideString(cmd, "data", &cfg.dataDir, dataDir)
			overrideString(cmd, "database-url", &cfg.databaseURL, dbURL)
			overrideString(cmd, "embedder", &cfg.embedder, embedder)
			if !dryRun && !rebuild && cfg.databaseURL == "" {
				// The stores opened for indexing hold the live items: read
				// them there rather than load the vector store twice.
				in, err := readIndexInput(e, cfg, paths, *skipInvalid)
				if err != nil {
					return err
				}
				return runIndexFiles(cmd, e, cfg, in, paths, *skipInvalid, func(stored []catalog.Item, in indexInput) error {
					return confirmRemoval(cmd.InOrStdin(), e.stderr, diffCatalog(stored, in.items, in.known), yes)
				})
			}
			items, err := indexSource(e.stderr, paths, *skipInvalid)
			if err != nil {
				return err
			}
			confirm := func(stored []catalog.Item) error {
				return confirmRemoval(cmd.InOrStdin(), e.stderr, diffCatalog(stored, items, nil), yes)
			}
			stored, err := storedItems(cmd.Context(), cfg, e.logger)
			if err != nil {
				return err
			}
			if dryRun {
				fmt.Fprintln(e.stdout, planMessage(diffCatalog(stored, items, nil)))
				return nil
			}
			if err := confirm(stored); err != nil {
				return err
			}
			return runIndex(cmd, e, cfg, indexInput{items: items}, rebuild, paths, nil)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&paths, "catalog", nil, "fichier de catalogue (JSONL, JSON, YAML, CSV) ; répétable")
	f.StringVar(&dataDir, "data", "", "répertoire de données (défaut : $TREMPLIN_DATA ou ./data)")
	f.StringVar(&dbURL, "database-url", "", "URL Postgres (défaut : $DATABASE_URL)")
	f.StringVar(&embedder, "embedder", "", "embedder : local (hors ligne) ou openai (défaut : $TREMPLIN_EMBEDDER ou local)")
	f.BoolVar(&rebuild, "rebuild", false, "reconstruire entièrement l'index à côté puis basculer")
	f.BoolVar(&dryRun, "dry-run", false, "afficher les éléments ajoutés, modifiés et supprimés, sans rien écrire")
	f.BoolVar(&yes, "yes", false, "ne pas demander confirmation quand plus de 10 % des éléments seraient supprimés")
	f.StringVar(&remote.url, "url", "", "adresse d'un serveur Tremplin en marche (http://hôte:port) auquel envoyer les fichiers de --catalog")
	f.StringVar(&remote.key, "key", "", "clé d'API ld_admin du serveur (avec --url ; défaut : $TREMPLIN_API_KEY)")
	skipInvalid = addSkipInvalidFlag(cmd)
	return cmd
}

func overrideString(cmd *cobra.Command, flag string, dst *string, v string) {
	if cmd.Flags().Changed(flag) {
		*dst = v
	}
}

// indexSource returns the items of paths, or the demo catalog without paths.
func indexSource(w io.Writer, paths []string, skipInvalid bool) ([]catalog.Item, error) {
	if len(paths) == 0 {
		return demo.Items()
	}
	return loadCatalog(w, paths, skipInvalid)
}

// indexInput is a catalog to index: the items decoded and, read through
// the line memo, those known unchanged (see catalog.LoadFilesKnown).
type indexInput struct {
	items []catalog.Item
	known []catalog.Known
	memo  *catalog.LineMemo // nil when the files were read without
}

// memoFile is the line memo of `tremplin index` in the data directory.
const memoFile = "catalog-lines.memo"

// readIndexInput reads the catalog files of paths (the demo catalog
// without) for an index of cfg's data directory, recording their lines in
// a line memo saved after the index: through the data directory's memo
// when the directory has a live generation, so that the lines unchanged
// since the last index are not decoded again. A new generation gets every
// item decoded: its local embedder is fitted on them.
func readIndexInput(e *env, cfg config, paths []string, skipInvalid bool) (indexInput, error) {
	version, err := executableVersion()
	if len(paths) == 0 || err != nil {
		if err != nil {
			e.logger.Warn("catalog line memo not used", "err", err)
		}
		items, err := indexSource(e.stderr, paths, skipInvalid)
		return indexInput{items: items}, err
	}
	memo := catalog.NewLineMemo(version)
	if hasLiveGeneration(cfg.dataDir) {
		if memo, err = catalog.ReadLineMemo(filepath.Join(cfg.dataDir, memoFile), version); err != nil {
			e.logger.Warn("catalog line memo not used", "err", err)
		}
	}
	return readThroughMemo(e.stderr, memo, paths, skipInvalid)
}

// readThroughMemo reads the catalog files of paths through memo and
// applies the --skip-invalid rule, printing the problems to w.
func readThroughMemo(w io.Writer, memo *catalog.LineMemo, paths []string, skipInvalid bool) (indexInput, error) {
	items, known, problems, err := catalog.LoadFilesKnown(memo, paths...)
	if err != nil {
		return indexInput{}, err
	}
	valid, err := keepValid(w, items, problems, nil, skipInvalid, len(known))
	return indexInput{items: valid, known: known, memo: memo}, err
}

// hasLiveGeneration reports whether dataDir holds a committed generation;
// it creates nothing.
func hasLiveGeneration(dataDir string) bool {
	if _, err := os.Stat(dataDir); err != nil {
		return false
	}
	d, err := indexer.OpenDir(dataDir)
	if err != nil {
		return false
	}
	gen, err := d.Current()
	return err == nil && gen != ""
}

// executableVersion identifies the code of this process, for the line
// memo: the SHA-256 of its executable.
var executableVersion = sync.OnceValues(func() ([]byte, error) {
	path, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
})

// runIndexFiles indexes in, read from the catalog files of paths, into
// cfg's live data directory. When items known through the line memo turn
// out to differ from the stored ones (edited since through the API, or to
// be tagged or embedded anew), or the stores open a new generation, the
// files are read again without the memo and indexed as a whole. The memo
// is saved once the index is committed.
func runIndexFiles(cmd *cobra.Command, e *env, cfg config, in indexInput, paths []string, skipInvalid bool, confirm func([]catalog.Item, indexInput) error) error {
	index := func(in indexInput) error {
		return runIndex(cmd, e, cfg, in, false, paths, func(stored []catalog.Item) error { return confirm(stored, in) })
	}
	err := index(in)
	var stale *indexer.KnownStaleError
	if len(in.known) == 0 || !errors.As(err, &stale) && !errors.Is(err, errKnownInFresh) {
		return err
	}
	e.logger.Info("catalog lines known unchanged differ from the stores, reading the files again", "known", len(in.known))
	version, err := executableVersion()
	if err != nil {
		return err
	}
	// An empty memo decodes every line, and records them all; the first
	// read printed the problems.
	if in, err = readThroughMemo(io.Discard, catalog.NewLineMemo(version), paths, skipInvalid); err != nil {
		return err
	}
	return index(in)
}

// errKnownInFresh is runIndex opening a new generation for an input with
// known items: the generation needs every item decoded.
var errKnownInFresh = errors.New("known catalog items for a new generation")

// runIndex indexes in, read from the catalog files of paths (none for
// the demo catalog). confirm, when not nil, is given the items of the
// opened stores before anything is written (none in a new generation),
// and stops the index when it fails. With in.memo, the memo is saved in
// the data directory after the index.
func runIndex(cmd *cobra.Command, e *env, cfg config, in indexInput, rebuild bool, paths []string, confirm func(stored []catalog.Item) error) error {
	ctx := cmd.Context()
	start := time.Now()
	prog := newProgress(e, "Indexation")
	s, err := openStores(ctx, cfg, e.logger, stores.Options{Rebuild: rebuild, Corpus: in.items, Progress: prog,
		DemoReferentiel: len(paths) == 0, Index: true, CatalogPaths: paths,
		// With Postgres, beside the servers: they follow its change feed.
		VectorsOnly: cfg.databaseURL != ""})
	if err != nil {
		return err
	}
	defer s.Close()
	if s.Fresh() && len(in.known) > 0 {
		return errKnownInFresh
	}
	if confirm != nil {
		if err := confirmStored(ctx, s, in, confirm); err != nil {
			return err
		}
	}
	var st indexer.Stats
	if rebuild {
		st, err = s.Rebuild(ctx, in.items)
	} else {
		st, err = s.IndexKnown(ctx, in.items, in.known)
	}
	var stale *indexer.KnownStaleError
	if errors.As(err, &stale) {
		return err
	}
	if err != nil {
		return fmt.Errorf("indexation interrompue (l'index précédent reste utilisable ; relancez la commande) : %w", err)
	}
	if in.memo != nil {
		if err := in.memo.Save(filepath.Join(cfg.dataDir, memoFile)); err != nil {
			e.logger.Warn("catalog line memo not saved", "err", err)
		}
	}
	el := time.Since(start)
	fmt.Fprintf(e.stdout, "%s dans le catalogue : %s, %s, %s ; %s.\n",
		french.Count(st.Total, "élément", "éléments"), french.Count(st.Upserted, "ajouté ou modifié", "ajoutés ou modifiés"),
		french.Count(st.Deleted, "supprimé", "supprimés"), french.Count(st.Unchanged, "inchangé", "inchangés"),
		french.Count(st.Embedded, "texte vectorisé", "textes vectorisés"))
	where := cfg.dataDir
	if cfg.databaseURL != "" {
		where = "Postgres (les réplicas en service suivent le flux des changements)"
	}
	fmt.Fprintf(e.stdout, "Index à jour dans %s (%.1f s, %.0f éléments/s).\n", where, el.Seconds(), float64(st.Total)/el.Seconds())
	return nil
}

// confirmStored asks confirm about the items of the opened stores when
// indexing items would remove many of them. Whether it would is known
// from the stored ids: the stored items are only read (and decoded) then.
func confirmStored(ctx context.Context, s *stores.Set, in indexInput, confirm func(stored []catalog.Item) error) error {
	if s.Fresh() {
		return confirm(nil)
	}
	hashes, err := s.Vectors().Hashes(ctx)
	if err != nil {
		return fmt.Errorf("lire l'index : %w", err)
	}
	d := catalogDiff{Stored: len(hashes), Removed: len(hashes)}
	for _, it := range in.items {
		if _, ok := hashes[it.ID]; ok {
			d.Removed--
		}
	}
	for _, k := range in.known {
		if _, ok := hashes[k.ID]; ok {
			d.Removed--
		}
	}
	if !d.manyRemoved() {
		return nil
	}
	stored, err := s.Vectors().Items(ctx)
	if err != nil {
		return fmt.Errorf("lire l'index : %w", err)
	}
	return confirm(stored)
}

// newProgress returns a progress callback: a progress bar when stderr is a
// terminal, periodic log lines otherwise.
func newProgress(e *env, label string) func(done, total int) {
	if bar := terminalProgress(e, label, "éléments"); bar != nil {
		return bar
	}
	var last time.Time
	return func(done, total int) {
		if done == total || time.Since(last) > 2*time.Second {
			last = time.Now()
			e.logger.Info("index progress", "done", done, "total", total)
		}
	}
}

// terminalProgress returns a progress bar counting units on stderr when
// stderr is a terminal, nil otherwise.
func terminalProgress(e *env, label, units string) func(done, total int) {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription(label), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString(units),
				progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
		}
		_ = bar.Set(done)
	}
}
