package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/grow"
)

// newCatalogGenerateCmd is `tremplin catalog generate`, hidden: it grows
// a catalog for measurements (docs/performance.md), not for users.
func newCatalogGenerateCmd(e *env) *cobra.Command {
	var base, rome, out string
	var n int
	cmd := &cobra.Command{
		Use:    "generate --catalog FICHIER --referentiel DOSSIER --items N --out FICHIER",
		Short:  "Agrandir un catalogue à N éléments pour des mesures de performance",
		Hidden: true,
		Long: "Écrit dans --out (format d'après l'extension) les éléments de --catalog, inchangés, puis des " +
			"formations (sessions sur plusieurs sites), certifications à blocs, mentors et missions tirés des " +
			"fiches ROME 4.0 de --referentiel, jusqu'à N éléments en tout. Le tirage est fixe : mêmes entrées, " +
			"même catalogue. Réservé aux mesures (docs/performance.md) : ces éléments sont fictifs.",
		Example: "  tremplin catalog generate --catalog ../shared/eval/catalog-rncp.jsonl " +
			"--referentiel ../shared/referentiels --items 25000 --out /tmp/catalog-25k.jsonl",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if base == "" || rome == "" || out == "" || n <= 0 {
				return &exitError{code: 2, err: errors.New("indiquez --catalog FICHIER, --referentiel DOSSIER, --items N (N > 0) et --out FICHIER")}
			}
			f, err := catalog.FormatFromName(out)
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("%s : extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)", out)}
			}
			items, err := grow.FromFiles(cmd.Context(), base, rome, n)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			return writeCatalogFile(e, out, items, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&base, "catalog", "", "catalogue de départ, repris en tête sans changement")
	fl.StringVar(&rome, "referentiel", "", "dossier ROME 4.0 (ou dossier contenant rome4_v460/)")
	fl.IntVar(&n, "items", 0, "nombre d'éléments du catalogue écrit")
	fl.StringVar(&out, "out", "", "fichier à écrire (.jsonl conseillé)")
	return cmd
}
