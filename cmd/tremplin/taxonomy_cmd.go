package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
)

func newTaxonomyCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "taxonomy",
		Short: "Importer la taxonomie des compétences de l'entreprise",
		Long: "Gère la taxonomie des compétences utilisée pour reconnaître les compétences d'un projet, " +
			"compléter leur saisie et regrouper leurs synonymes. Sans taxonomie importée, Tremplin utilise " +
			"celle de la démonstration avec le catalogue de démonstration, sinon celle des compétences du " +
			"référentiel métiers importé (ROME, ESCO, emplois de l'entreprise).",
	}
	data := docsFlag(cmd, e)
	cmd.AddCommand(newTaxonomyImportCmd(e, data))
	return cmd
}

func newTaxonomyImportCmd(e *env, data docsConfig) *cobra.Command {
	return &cobra.Command{
		Use:   "import FICHIER [--data DOSSIER]",
		Short: "Vérifier puis enregistrer la taxonomie des compétences (JSON Lines) dans le dossier de données",
		Long: "Lit un fichier JSON Lines, une compétence par ligne (champs id, label, alt_labels, english, " +
			"broader, related, domain : le format de catalog/demo/taxonomy.jsonl, voir le README), le vérifie " +
			"en entier puis l'enregistre dans <données>/" + taxonomyFile + ", à la place de la taxonomie " +
			"importée avant. Au moindre problème (champ inconnu, JSON mal formé, id ou label manquant, id en " +
			"double, synonyme vide, libellé partagé par deux compétences, broader ou related inconnu), tous " +
			"les problèmes sont listés sous la forme fichier:ligne: champ: raison, rien n'est enregistré, la " +
			"taxonomie précédente reste en place et le code de sortie est 1. Relancez « tremplin serve » pour " +
			"utiliser la nouvelle taxonomie ; avec DATABASE_URL, les serveurs en marche la prennent d'eux-mêmes " +
			"(TREMPLIN_DOCS_POLL).",
		Example: "  tremplin taxonomy import competences.jsonl\n" +
			"  tremplin taxonomy import --data /var/lib/tremplin competences.jsonl",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return importTaxonomy(cmd.Context(), e, args[0], data)
		},
	}
}

// importTaxonomy checks the taxonomy file at path and saves it in dataDir;
// on any problem nothing is saved.
func importTaxonomy(ctx context.Context, e *env, path string, data docsConfig) error {
	skills, err := readTaxonomyFile(path)
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("import de la taxonomie (%s) : %w\n"+
			"Rien n'a été enregistré : la taxonomie précédente reste en place. Corrigez le fichier puis relancez l'import.", path, err)}
	}
	docs, cfg, err := openDocs(ctx, e.logger, data)
	if err != nil {
		return err
	}
	defer docs.Close()
	if err := saveTaxonomy(ctx, docs, skills); err != nil {
		return err
	}
	where := filepath.Join(cfg.dataDir, taxonomyFile)
	if cfg.databaseURL != "" {
		where = docs.Where()
	}
	labels := 0
	for _, s := range skills {
		labels += len(s.AltLabels) + len(s.English)
	}
	e.logger.Info("taxonomy imported", "file", path, "skills", len(skills))
	fmt.Fprintf(e.stdout, "Taxonomie enregistrée dans %s (%d %s, %d %s)\n", where,
		len(skills), plural(len(skills), "compétence", "compétences"), labels, plural(labels, "synonyme", "synonymes"))
	if cfg.databaseURL != "" {
		fmt.Fprintln(e.stdout, "Les serveurs en marche sur cette base l'utilisent à leur prochaine vérification de Postgres (TREMPLIN_DOCS_POLL, 30 s par défaut).")
	} else {
		fmt.Fprintln(e.stdout, "Relancez « tremplin serve » pour l'utiliser.")
	}
	return nil
}

// readTaxonomyFile decodes the taxonomy file at path, explaining in French
// why it cannot be read: the messages of the OS are in English.
func readTaxonomyFile(path string) ([]catalog.Skill, error) {
	name := filepath.Base(path)
	info, err := os.Stat(path)
	if err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s est un dossier ; attendu un fichier JSON Lines", path)
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(path)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("fichier %s introuvable", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("%s : lecture refusée (droits insuffisants)", path)
	case err != nil:
		return nil, fmt.Errorf("lecture de %s impossible : %w", path, err)
	}
	defer f.Close()
	return catalog.DecodeTaxonomy(name, f)
}
