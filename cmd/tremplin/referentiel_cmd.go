package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
)

func newReferentielCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "referentiel",
		Short: "Importer et consulter les référentiels métiers (ROME 4.0, ESCO)",
		Long: "Importe les référentiels métiers publics tels que publiés par leurs producteurs — " +
			"ROME 4.0 de France Travail (fichiers unix_*_v460_utf8.csv) et ESCO de la Commission européenne " +
			"(occupations_fr.csv, skills_fr.csv, occupationSkillRelations.csv) — dans le dossier de données, " +
			"puis permet de les consulter.",
	}
	var dataDir string
	cmd.PersistentFlags().StringVar(&dataDir, "data", "", "dossier de données (défaut : $TREMPLIN_DATA, sinon ./data)")
	data := func() (string, error) {
		if dataDir != "" {
			return dataDir, nil
		}
		cfg, err := loadConfig(e.getenv)
		return cfg.dataDir, err
	}
	cmd.AddCommand(newReferentielImportCmd(e, data), newReferentielShowCmd(e, data), newReferentielCompleteCmd(e, data))
	return cmd
}

func newReferentielImportCmd(e *env, data func() (string, error)) *cobra.Command {
	var romeDir, escoDir string
	cmd := &cobra.Command{
		Use:   "import --rome DOSSIER --esco DOSSIER [--data DOSSIER]",
		Short: "Importer ROME 4.0 et/ou ESCO dans le dossier de données",
		Long: "Lit les fichiers CSV publiés par France Travail (ROME 4.0, « Toutes les données du ROME ») " +
			"et/ou par la Commission européenne (ESCO, CSV en français), affiche ce qui a été lu et enregistre " +
			"le référentiel dans <données>/" + referentiel.FileName + ". Au moins un des deux dossiers est requis. " +
			"Un fichier mal formé arrête l'import avec le fichier, la ligne et la colonne en cause (code de sortie 1).",
		Example: "  tremplin referentiel import --rome ../shared/referentiels/rome4_v460 --esco ../shared/referentiels/esco",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if romeDir == "" && escoDir == "" {
				return &exitError{code: 2, err: errors.New("indiquez --rome DOSSIER et/ou --esco DOSSIER")}
			}
			dir, err := data()
			if err != nil {
				return err
			}
			return importReferentiels(cmd, e, romeDir, escoDir, dir)
		},
	}
	cmd.Flags().StringVar(&romeDir, "rome", "", "dossier des fichiers ROME 4.0 (unix_*_v*_utf8.csv)")
	cmd.Flags().StringVar(&escoDir, "esco", "", "dossier des fichiers ESCO (occupations_fr.csv, skills_fr.csv, occupationSkillRelations.csv)")
	return cmd
}

// importReferentiels imports the given directories, prints the counts in
// French and saves the merged référentiel in dataDir.
func importReferentiels(cmd *cobra.Command, e *env, romeDir, escoDir, dataDir string) error {
	ctx, w := cmd.Context(), e.stdout
	var refs []*catalog.Referentiel
	if romeDir != "" {
		start := time.Now()
		ref, st, err := referentiel.ImportROME(ctx, romeDir)
		if err != nil {
			return &exitError{code: 1, err: fmt.Errorf("import ROME (%s) : %w", romeDir, err)}
		}
		e.logger.Info("rome imported", "dir", romeDir, "fiches", st.Fiches, "duration", time.Since(start))
		printROME(w, romeDir, st)
		refs = append(refs, ref)
	}
	if escoDir != "" {
		start := time.Now()
		ref, st, err := referentiel.ImportESCO(ctx, escoDir)
		if err != nil {
			return &exitError{code: 1, err: fmt.Errorf("import ESCO (%s) : %w", escoDir, err)}
		}
		e.logger.Info("esco imported", "dir", escoDir, "occupations", st.Occupations, "duration", time.Since(start))
		printESCO(w, escoDir, st)
		refs = append(refs, ref)
	}
	merged := referentiel.Merge(refs...)
	if err := referentiel.Save(ctx, dataDir, merged); err != nil {
		return err
	}
	fmt.Fprintf(w, "Référentiel enregistré dans %s (%d métiers, %d compétences)\n",
		filepath.Join(dataDir, referentiel.FileName), len(merged.Metiers), len(merged.Skills))
	for _, a := range merged.Attribution {
		fmt.Fprintln(w, a)
	}
	return nil
}

func printROME(w io.Writer, dir string, st referentiel.ROMEStats) {
	fmt.Fprintf(w, "ROME 4.0 (%s) — %s\n", st.Version, dir)
	fmt.Fprintf(w, "  fiches ROME : %d\n", st.Fiches)
	fmt.Fprintf(w, "  appellations : %d (dont %d peu usitées)\n", st.Appellations, st.RareAppellations)
	fmt.Fprintf(w, "  compétences et savoirs : %d\n", st.Skills)
	fmt.Fprintf(w, "  liens cœur de métier : %d (autres liens fiche–compétence : %d)\n", st.CoreLinks, st.OtherLinks)
	fmt.Fprintf(w, "  mobilités : %d\n", st.Mobility)
	if len(st.Missing) > 0 {
		fmt.Fprintf(w, "  attention, tables absentes : %s\n", strings.Join(st.Missing, ", "))
	}
}

func printESCO(w io.Writer, dir string, st referentiel.ESCOStats) {
	fmt.Fprintf(w, "ESCO — %s\n", dir)
	fmt.Fprintf(w, "  occupations : %d\n", st.Occupations)
	fmt.Fprintf(w, "  compétences : %d\n", st.Skills)
	fmt.Fprintf(w, "  relations : %d (%d essentielles, %d optionnelles", st.Relations, st.Essential, st.Optional)
	if n := st.UnknownSkill + st.UnknownOccupation; n > 0 {
		fmt.Fprintf(w, " ; %d ignorées : %d compétences et %d occupations absentes des fichiers",
			n, st.UnknownSkill, st.UnknownOccupation)
	}
	fmt.Fprintln(w, ")")
}

func newReferentielShowCmd(e *env, data func() (string, error)) *cobra.Command {
	return &cobra.Command{
		Use:     "show CODE",
		Short:   "Afficher une fiche métier importée (code ROME ou URI ESCO)",
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

func newReferentielCompleteCmd(e *env, data func() (string, error)) *cobra.Command {
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
func loadIndex(cmd *cobra.Command, data func() (string, error)) (*referentiel.Index, error) {
	dir, err := data()
	if err != nil {
		return nil, err
	}
	ref, err := referentiel.Load(cmd.Context(), dir)
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
