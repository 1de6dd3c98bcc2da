package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog/org"
)

func newOrgCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org",
		Short: "Importer l'organigramme (salariés, managers, dates d'embauche)",
		Long: "Gère l'organigramme que le service RH ou L&D importe : pour chaque salarié son matricule, " +
			"son manager, sa date d'embauche, son service, son nom et, au besoin, son rôle dans Tremplin. " +
			"Tremplin en tire le manager actuel de chacun (qui peut lire ses entretiens) et le calendrier " +
			"des entretiens de parcours professionnel. Avec DATABASE_URL, il est enregistré dans Postgres et " +
			"partagé par tous les réplicas.",
	}
	data := docsFlag(cmd, e)
	cmd.AddCommand(newOrgImportCmd(e, data), newOrgShowCmd(e, data))
	return cmd
}

func newOrgImportCmd(e *env, data docsConfig) *cobra.Command {
	return &cobra.Command{
		Use:   "import FICHIER [--data DOSSIER]",
		Short: "Vérifier puis enregistrer l'organigramme (CSV ou JSON Lines)",
		Long: "Lit l'organigramme, en CSV (export du SIRH : séparateur ; ou , , en-tête français ou anglais : " +
			"matricule ou employee_id, manager ou manager_id, date_embauche ou hire_date (AAAA-MM-JJ ou " +
			"JJ/MM/AAAA), service ou department, nom ou name, role) ou en JSON Lines (un objet par ligne, " +
			"champs employee_id, manager_id, hire_date, department, name, role), le vérifie en entier puis " +
			"le met à la place du précédent. Au moindre problème (colonne ou champ inconnu, matricule manquant " +
			"ou en double, manager absent du fichier, chaîne de managers qui boucle, date invalide ou dans le " +
			"futur, rôle inconnu), tous les problèmes sont listés sous la forme fichier:ligne: champ: raison, " +
			"rien n'est enregistré, l'organigramme précédent reste en place et le code de sortie est 1. " +
			"Relancez « tremplin serve » (chaque réplica) pour l'utiliser.",
		Example: "  tremplin org import organigramme.csv\n" +
			"  tremplin org import --data /var/lib/tremplin organigramme.jsonl",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return importOrg(cmd.Context(), e, args[0], data)
		},
	}
}

// importOrg checks the organisation file at path and saves it; on any
// problem nothing is saved.
func importOrg(ctx context.Context, e *env, path string, data docsConfig) error {
	refuse := func(err error) error {
		return &exitError{code: 1, err: fmt.Errorf("import de l'organigramme (%s) : %w\n"+
			"Rien n'a été enregistré : l'organigramme précédent reste en place. Corrigez le fichier puis relancez l'import.", path, err)}
	}
	body, err := readImportFile(path)
	if err != nil {
		return refuse(err)
	}
	people, err := org.Decode(filepath.Base(path), bytes.NewReader(body), time.Now())
	if err != nil {
		return refuse(err)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for _, p := range people {
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	docs, _, err := openDocs(ctx, e.logger, data)
	if err != nil {
		return err
	}
	defer docs.Close()
	if err := docs.SaveOrg(ctx, out.Bytes()); err != nil {
		return fmt.Errorf("enregistrement de l'organigramme : %w", err)
	}
	e.logger.Info("org file imported", "people", len(people))
	fmt.Fprintf(e.stdout, "Organigramme enregistré dans %s (%d %s)\n", docs.Where(), len(people), plural(len(people), "personne", "personnes"))
	fmt.Fprintln(e.stdout, "Relancez « tremplin serve » (chaque réplica) pour l'utiliser.")
	return nil
}

// readImportFile reads the file at path, saying in French why it cannot.
func readImportFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s est un dossier ; attendu un fichier", path)
	}
	if err != nil {
		return nil, fmt.Errorf("fichier %s introuvable ou illisible", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("lecture de %s impossible (droits insuffisants ?)", path)
	}
	return b, nil
}

func newOrgShowCmd(e *env, data docsConfig) *cobra.Command {
	return &cobra.Command{
		Use:   "show [--data DOSSIER]",
		Short: "Résumer l'organigramme enregistré : effectifs par service et par rôle",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			docs, _, err := openDocs(ctx, e.logger, data)
			if err != nil {
				return err
			}
			defer docs.Close()
			o, err := loadOrg(ctx, docs, e.logger)
			if err != nil {
				return err
			}
			if o == nil {
				fmt.Fprintln(e.stdout, "Aucun organigramme enregistré : importez-en un avec « tremplin org import FICHIER ».")
				return nil
			}
			body, err := docs.Org(ctx)
			if err != nil {
				return err
			}
			people, err := org.DecodeJSONL(orgFileName, bytes.NewReader(body))
			if err != nil {
				return err
			}
			depts, roles := map[string]int{}, map[string]int{}
			managers := map[string]bool{}
			for _, p := range people {
				depts[or(p.Department, "(sans service)")]++
				roles[or(p.Role, "(selon la connexion)")]++
				if p.ManagerID != "" {
					managers[p.ManagerID] = true
				}
			}
			fmt.Fprintf(e.stdout, "%d %s, dont %d %s, dans %s\n", len(people), plural(len(people), "personne", "personnes"),
				len(managers), plural(len(managers), "manager", "managers"), docs.Where())
			printCounts(e, "Par service", depts)
			printCounts(e, "Par rôle", roles)
			return nil
		},
	}
}

// printCounts prints counts by key, largest first.
func printCounts(e *env, title string, counts map[string]int) {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		if a < b {
			return -1
		}
		return 1
	})
	fmt.Fprintln(e.stdout, title+" :")
	for _, k := range keys {
		fmt.Fprintf(e.stdout, "  %-30s %d\n", k, counts[k])
	}
}
