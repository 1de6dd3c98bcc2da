package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer/stores"
)

func newReferentielCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "referentiel",
		Short: "Importer et consulter les référentiels métiers (ROME 4.0, ESCO, emplois de l'entreprise)",
		Long: "Importe les référentiels métiers publics tels que publiés par leurs producteurs — " +
			"ROME 4.0 de France Travail (fichiers unix_*_v460_utf8.csv) et ESCO de la Commission européenne " +
			"(occupations_fr.csv, skills_fr.csv, occupationSkillRelations.csv) — et le référentiel des emplois " +
			"de l'entreprise (fichier JSON Lines) dans le dossier de données, puis permet de les consulter.",
	}
	data := docsFlag(cmd, e)
	cmd.AddCommand(newReferentielImportCmd(e, data), newReferentielShowCmd(e, data), newReferentielCompleteCmd(e, data))
	return cmd
}

// docsConfig returns the configuration of the documents a command reads
// or writes (the référentiel, the taxonomy): Postgres with DATABASE_URL,
// the data directory otherwise.
type docsConfig func() (config, error)

// docsFlag adds --data to cmd and returns where its documents live.
func docsFlag(cmd *cobra.Command, e *env) docsConfig {
	var dataDir string
	cmd.PersistentFlags().StringVar(&dataDir, "data", "", "dossier de données (défaut : $TREMPLIN_DATA, sinon ./data ; ignoré avec DATABASE_URL, où tout est dans Postgres)")
	return func() (config, error) {
		cfg, err := loadConfig(e.getenv)
		if dataDir != "" {
			cfg.dataDir = dataDir
		}
		return cfg, err
	}
}

// openDocs opens the documents of data.
func openDocs(ctx context.Context, logger *slog.Logger, data docsConfig) (*stores.Docs, config, error) {
	cfg, err := data()
	if err != nil {
		return nil, cfg, err
	}
	d, err := stores.OpenDocs(ctx, storesConfig(cfg), logger)
	return d, cfg, err
}

func newReferentielImportCmd(e *env, data docsConfig) *cobra.Command {
	var src importSources
	cmd := &cobra.Command{
		Use:   "import [--rome DOSSIER] [--esco DOSSIER] [--entreprise FICHIER] [--data DOSSIER]",
		Short: "Importer ROME 4.0, ESCO et/ou le référentiel des emplois de l'entreprise dans le dossier de données",
		Long: "Lit les fichiers CSV publiés par France Travail (ROME 4.0, « Toutes les données du ROME »), " +
			"ceux de la Commission européenne (ESCO, CSV en français) et/ou le référentiel des emplois de " +
			"l'entreprise (GEPP, un fichier JSON Lines : un emploi par ligne, voir le README), affiche ce qui " +
			"a été lu et enregistre le référentiel dans <données>/" + referentiel.FileName + ". Au moins une des " +
			"trois sources est requise ; l'import remplace le référentiel déjà enregistré, passez donc ensemble " +
			"toutes les sources voulues. Un fichier mal formé arrête l'import avec le fichier, la ligne et la " +
			"colonne ou le champ en cause (code de sortie 1) ; le référentiel des emplois est vérifié en entier " +
			"et tous ses problèmes sont listés. Rien n'est alors enregistré : le référentiel précédent reste en place.",
		Example: "  tremplin referentiel import --rome ../shared/referentiels/rome4_v460 --esco ../shared/referentiels/esco\n" +
			"  tremplin referentiel import --entreprise emplois.jsonl\n" +
			"  tremplin referentiel import --rome ../shared/referentiels/rome4_v460 --entreprise emplois.jsonl",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if src.rome == "" && src.esco == "" && src.company == "" {
				return &exitError{code: 2, err: errors.New(
					"indiquez au moins une source : --rome DOSSIER, --esco DOSSIER et/ou --entreprise FICHIER")}
			}
			return importReferentiels(cmd, e, src, data)
		},
	}
	cmd.Flags().StringVar(&src.rome, "rome", "", "dossier des fichiers ROME 4.0 (unix_*_v*_utf8.csv)")
	cmd.Flags().StringVar(&src.esco, "esco", "", "dossier des fichiers ESCO (occupations_fr.csv, skills_fr.csv, occupationSkillRelations.csv)")
	cmd.Flags().StringVar(&src.company, "entreprise", "", "fichier JSON Lines du référentiel des emplois de l'entreprise (un emploi par ligne)")
	return cmd
}

// importSources names what `referentiel import` reads; empty means not asked.
type importSources struct {
	rome, esco string // directories
	company    string // JSON Lines file
}

// importReferentiels imports the given sources, prints the counts in
// French and saves the merged référentiel in dataDir. The company file is
// read first, as it is quick and a mistake in it is the likeliest; any
// error leaves the saved référentiel as it was.
func importReferentiels(cmd *cobra.Command, e *env, src importSources, data docsConfig) error {
	ctx, w := cmd.Context(), e.stdout
	docs, cfg, err := openDocs(ctx, e.logger, data)
	if err != nil {
		return err
	}
	defer docs.Close()
	var (
		company   *catalog.Referentiel
		companySt referentiel.CompanyStats
	)
	if src.company != "" {
		var err error
		if company, companySt, err = referentiel.ImportCompany(ctx, src.company); err != nil {
			return &exitError{code: 1, err: fmt.Errorf("import du référentiel des emplois (%s) : %w\n"+
				"Rien n'a été enregistré : corrigez le fichier puis relancez l'import.", src.company, err)}
		}
		e.logger.Info("company referentiel imported", "file", src.company, "emplois", companySt.Emplois)
	}
	var refs []*catalog.Referentiel
	if src.rome != "" {
		start := time.Now()
		ref, st, err := referentiel.ImportROME(ctx, src.rome)
		if err != nil {
			return &exitError{code: 1, err: fmt.Errorf("import ROME (%s) : %w", src.rome, err)}
		}
		e.logger.Info("rome imported", "dir", src.rome, "fiches", st.Fiches, "duration", time.Since(start))
		printROME(w, src.rome, st)
		refs = append(refs, ref)
	}
	if src.esco != "" {
		start := time.Now()
		ref, st, err := referentiel.ImportESCO(ctx, src.esco)
		if err != nil {
			return &exitError{code: 1, err: fmt.Errorf("import ESCO (%s) : %w", src.esco, err)}
		}
		e.logger.Info("esco imported", "dir", src.esco, "occupations", st.Occupations, "duration", time.Since(start))
		printESCO(w, src.esco, st)
		refs = append(refs, ref)
	}
	if company != nil {
		if err := sharedCodes(company, refs); err != nil {
			return &exitError{code: 1, err: fmt.Errorf("import du référentiel des emplois (%s) : %w\n"+
				"Rien n'a été enregistré.", src.company, err)}
		}
		printCompany(w, src.company, companySt)
		refs = append(refs, company)
	}
	merged := referentiel.Merge(refs...)
	if err := docs.SaveReferentiel(ctx, merged); err != nil {
		return err
	}
	path := filepath.Join(cfg.dataDir, referentiel.FileName)
	if cfg.databaseURL != "" {
		path = docs.Where()
	}
	nm, ns := len(merged.Metiers), len(merged.Skills)
	if ns > 0 {
		fmt.Fprintf(w, "Référentiel enregistré dans %s (%d %s, %d %s)\n", path,
			nm, plural(nm, "métier", "métiers"), ns, plural(ns, "compétence", "compétences"))
	} else {
		fmt.Fprintf(w, "Référentiel enregistré dans %s (%d %s)\n", path, nm, plural(nm, "métier", "métiers"))
	}
	for _, a := range merged.Attribution {
		fmt.Fprintln(w, a)
	}
	if cfg.databaseURL != "" {
		return retagShared(ctx, e, cfg, merged)
	}
	return nil
}

// retagShared tags the items of the shared Postgres store again with ref,
// the référentiel just imported: the métier tags of every item depend on
// it. The items are rewritten in place (none is removed, so that the
// writes of running replicas are kept) and reach every replica's text
// index and tag index through the change feed. Running servers switch to
// the new référentiel at their next check of Postgres (see watchDocuments).
func retagShared(ctx context.Context, e *env, cfg config, ref *catalog.Referentiel) error {
	s, err := openStores(ctx, cfg, e.logger, stores.Options{Index: true, VectorsOnly: true, Referentiel: ref})
	if err != nil {
		return err
	}
	defer s.Close()
	items, err := s.Vectors().Items(ctx)
	if err != nil {
		return fmt.Errorf("lire les éléments : %w", err)
	}
	if len(items) > 0 {
		if err := s.Indexer().Put(ctx, items...); err != nil {
			return fmt.Errorf("recalculer les métiers des éléments (relancez l'import) : %w", err)
		}
	}
	if err := s.Commit(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Métiers recalculés pour %d %s ; les réplicas en service les reçoivent par le flux des changements, "+
		"et passent au nouveau référentiel (reconnaissance des objectifs, complétions) à leur prochaine vérification de Postgres.\n",
		len(items), plural(len(items), "élément", "éléments"))
	return nil
}

// sharedCodes reports the emplois of company whose code is also the code
// of a ROME fiche or ESCO occupation in refs: Merge would keep only one of
// them, so the import refuses them. At most 10 are listed.
func sharedCodes(company *catalog.Referentiel, refs []*catalog.Referentiel) error {
	labels := make(map[string]string, len(company.Metiers))
	for _, m := range company.Metiers {
		labels[m.Code] = m.Label
	}
	var clashes []string
	n := 0
	for _, r := range refs {
		for _, m := range r.Metiers {
			if l, ok := labels[m.Code]; ok {
				n++
				if len(clashes) < 10 {
					clashes = append(clashes, fmt.Sprintf("%s (« %s », déjà « %s » dans %s)", m.Code, l, m.Label, strings.ToUpper(string(m.Source))))
				}
			}
		}
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("%d %s, %s un code propre à l'entreprise : %s", n,
		plural(n, "code d'emploi déjà pris par un autre référentiel", "codes d'emploi déjà pris par un autre référentiel"),
		plural(n, "donnez-lui", "donnez-leur"), strings.Join(clashes, ", "))
}

// plural returns one for a count n of 0 or 1 and many from 2 on, as
// French agrees nouns and adjectives with counts.
func plural(n int, one, many string) string {
	if n < 2 {
		return one
	}
	return many
}

// printCompany prints what was read from a company job référentiel.
func printCompany(w io.Writer, path string, st referentiel.CompanyStats) {
	fmt.Fprintf(w, "Référentiel des emplois (%s) — %s\n", filepath.Base(path), path)
	fmt.Fprintf(w, "  emplois : %d (dont %d %s à un emploi parent)\n", st.Emplois, st.Parents, plural(st.Parents, "rattaché", "rattachés"))
	fmt.Fprintf(w, "  appellations : %d (dont %d %s)\n", st.Appellations, st.RareAppellations, plural(st.RareAppellations, "peu usitée", "peu usitées"))
	fmt.Fprintf(w, "  compétences citées : %d\n", st.Skills)
	fmt.Fprintf(w, "  liens cœur de métier : %d (autres liens emploi–compétence : %d)\n", st.CoreLinks, st.OtherLinks)
	fmt.Fprintf(w, "  mobilités : %d\n", st.Mobility)
}

// printROME prints what was read from the ROME files in dir.
func printROME(w io.Writer, dir string, st referentiel.ROMEStats) {
	fmt.Fprintf(w, "ROME 4.0 (%s) — %s\n", st.Version, dir)
	fmt.Fprintf(w, "  fiches ROME : %d\n", st.Fiches)
	fmt.Fprintf(w, "  appellations : %d (dont %d %s)\n", st.Appellations, st.RareAppellations, plural(st.RareAppellations, "peu usitée", "peu usitées"))
	fmt.Fprintf(w, "  compétences et savoirs : %d\n", st.Skills)
	fmt.Fprintf(w, "  liens cœur de métier : %d (autres liens fiche–compétence : %d)\n", st.CoreLinks, st.OtherLinks)
	fmt.Fprintf(w, "  mobilités : %d\n", st.Mobility)
	if len(st.Missing) > 0 {
		fmt.Fprintf(w, "  attention, %s : %s\n", plural(len(st.Missing), "table absente", "tables absentes"), strings.Join(st.Missing, ", "))
	}
}

// printESCO prints what was read from the ESCO files in dir.
func printESCO(w io.Writer, dir string, st referentiel.ESCOStats) {
	fmt.Fprintf(w, "ESCO — %s\n", dir)
	fmt.Fprintf(w, "  occupations : %d\n", st.Occupations)
	fmt.Fprintf(w, "  compétences : %d\n", st.Skills)
	fmt.Fprintf(w, "  relations : %d (%d %s, %d %s", st.Relations,
		st.Essential, plural(st.Essential, "essentielle", "essentielles"), st.Optional, plural(st.Optional, "optionnelle", "optionnelles"))
	if n := st.UnknownSkill + st.UnknownOccupation; n > 0 {
		var absent []string
		if st.UnknownSkill > 0 {
			absent = append(absent, fmt.Sprintf("%d %s", st.UnknownSkill, plural(st.UnknownSkill, "compétence", "compétences")))
		}
		if st.UnknownOccupation > 0 {
			absent = append(absent, fmt.Sprintf("%d %s", st.UnknownOccupation, plural(st.UnknownOccupation, "occupation", "occupations")))
		}
		// "absente" agrees with every noun before it: plural for two nouns.
		fmt.Fprintf(w, " ; %d %s : %s %s des fichiers", n, plural(n, "ignorée", "ignorées"),
			strings.Join(absent, " et "), plural(n, "absente", "absentes"))
	}
	fmt.Fprintln(w, ")")
}

func newReferentielShowCmd(e *env, data docsConfig) *cobra.Command {
	return &cobra.Command{
		Use:     "show CODE",
		Short:   "Afficher une fiche métier importée (code ROME, URI ESCO ou code d'emploi de l'entreprise)",
		Example: "  tremplin referentiel show M1805",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := loadIndex(cmd, data)
			if err != nil {
				return err
			}
			m, ok := ix.Metier(strings.TrimSpace(args[0]))
			if !ok {
				return &exitError{code: 1, err: fmt.Errorf("métier %q introuvable dans le référentiel", args[0])}
			}
			printMetier(e.stdout, m)
			return nil
		},
	}
}

func newReferentielCompleteCmd(e *env, data docsConfig) *cobra.Command {
	var n int
	cmd := &cobra.Command{
		Use:     "complete TEXTE",
		Short:   "Proposer des métiers dont l'intitulé commence par le texte donné (autocomplétion)",
		Example: "  tremplin referentiel complete \"développeuse info\"",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := loadIndex(cmd, data)
			if err != nil {
				return err
			}
			for _, s := range ix.Suggest(strings.Join(args, " "), n) {
				rare := ""
				if s.Rare {
					rare = " (peu usité)"
				}
				fmt.Fprintf(e.stdout, "%s\t%s%s — %s\n", s.Metier.Code, s.Label, rare, s.Metier.Label)
			}
			return nil
		},
	}
	cmd.Flags().IntVarP(&n, "n", "n", 10, "nombre maximal de propositions")
	return cmd
}

// loadIndex loads the stored référentiel and indexes it.
func loadIndex(cmd *cobra.Command, data docsConfig) (*referentiel.Index, error) {
	docs, _, err := openDocs(cmd.Context(), nil, data)
	if err != nil {
		return nil, err
	}
	defer docs.Close()
	ref, err := docs.Referentiel(cmd.Context())
	if err != nil {
		return nil, err
	}
	return referentiel.NewIndex(ref), nil
}

func printMetier(w io.Writer, m catalog.Metier) {
	fmt.Fprintf(w, "%s — %s (%s)\n", m.Code, m.Label, m.Source)
	if m.Parent != "" {
		fmt.Fprintf(w, "Fiche parente : %s\n", m.Parent)
	}
	if m.Domain != "" {
		fmt.Fprintf(w, "Domaine : %s %s", m.DomainCode, m.Domain)
		if m.GrandDomain != "" {
			fmt.Fprintf(w, " (%s)", m.GrandDomain)
		}
		fmt.Fprintln(w)
	}
	section := func(title string, lines []string) {
		if len(lines) > 0 {
			fmt.Fprintf(w, "\n%s (%d) :\n  %s\n", title, len(lines), strings.Join(lines, "\n  "))
		}
	}
	if m.Definition != "" {
		section("Définition", strings.Split(m.Definition, "\n"))
	}
	if m.Access != "" {
		section("Accès au métier", strings.Split(m.Access, "\n"))
	}
	apps := make([]string, 0, len(m.Appellations))
	for _, a := range m.Appellations {
		if a.Rare {
			apps = append(apps, a.Label+" (peu usité)")
		} else {
			apps = append(apps, a.Label)
		}
	}
	section("Appellations", apps)
	section("Compétences cœur de métier", m.CoreSkills)
	section("Autres compétences et savoirs", m.OtherSkills)
	section("Mobilités", m.Mobility)
}
