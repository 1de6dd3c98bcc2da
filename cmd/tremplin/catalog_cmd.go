package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/internal/atomicfile"
)

func newCatalogCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Vérifier les fichiers de catalogue (formations, certifications, mentors, missions)",
		Long: "Outils pour les fichiers de catalogue au format d'échange de Tremplin : " +
			"JSON Lines (.jsonl, .ndjson), tableau JSON (.json), liste YAML (.yaml, .yml) ou CSV (.csv).",
	}
	cmd.AddCommand(newCatalogValidateCmd(e), newCatalogConvertCmd(e), newCatalogGenerateCmd(e))
	return cmd
}

func newCatalogValidateCmd(e *env) *cobra.Command {
	var useDemo bool
	cmd := &cobra.Command{
		Use:   "validate [--demo] CHEMIN...",
		Short: "Vérifier des fichiers de catalogue et compter leurs éléments",
		Long: "Lit chaque fichier (format choisi d'après l'extension), affiche le nombre d'éléments valides " +
			"par type, le nombre de problèmes par champ, puis chaque problème sous la forme " +
			"fichier:ligne: champ: raison. Les identifiants en double sont détectés entre tous les fichiers.\n" +
			"Avec --demo, vérifie le catalogue de démonstration intégré au programme.\n" +
			"Code de sortie 1 si au moins un problème est trouvé.",
		Args: func(cmd *cobra.Command, args []string) error {
			if useDemo {
				if len(args) > 0 {
					return errors.New("--demo s'utilise sans fichier")
				}
				return nil
			}
			return needPaths(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			items, problems, err := catalog.LoadFiles(args...)
			if useDemo {
				items, problems, err = catalog.LoadFS(demo.FS(), demo.Files()...)
			}
			if err != nil {
				return err
			}
			if unread := unreadable(items, problems); unread != nil {
				// No file could be read: a table of zeros would only hide the cause.
				return &exitError{code: 1, err: unread}
			}
			if err := writeCatalogReport(e.stdout, items, problems); err != nil {
				return err
			}
			if len(problems) > 0 {
				return &exitError{code: 1, err: fmt.Errorf("catalogue invalide : %s", french.Count(len(problems), "problème", "problèmes"))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&useDemo, "demo", false, "vérifier le catalogue de démonstration intégré")
	return cmd
}

// unreadable returns the problems, joined, when no file could be read at
// all (no item, and only problems about whole files), nil otherwise.
func unreadable(items []catalog.Item, problems []catalog.Problem) error {
	if len(items) > 0 || len(problems) == 0 {
		return nil
	}
	errs := make([]error, len(problems))
	for i, p := range problems {
		if p.Line != 0 || p.Field != "" {
			return nil
		}
		errs[i] = p
	}
	return errors.Join(errs...)
}

// needPaths requires at least one file argument.
func needPaths(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return errors.New("indiquez au moins un fichier de catalogue")
	}
	return nil
}

// addSkipInvalidFlag registers --skip-invalid on an import command; pass
// the result to loadCatalog.
func addSkipInvalidFlag(cmd *cobra.Command) *bool {
	return cmd.Flags().Bool("skip-invalid", false,
		"importer quand même les éléments valides d'un catalogue qui contient des problèmes (les problèmes sont affichés)")
}

// loadCatalog reads catalog files for an import command. Problems are
// printed to w. With problems and without skipInvalid nothing is returned
// and the error exits with code 1; with skipInvalid the valid items are
// returned.
func loadCatalog(w io.Writer, paths []string, skipInvalid bool) ([]catalog.Item, error) {
	items, problems, err := catalog.LoadFiles(paths...)
	return keepValid(w, items, problems, err, skipInvalid, 0)
}

// keepValid applies the --skip-invalid rule of loadCatalog to what a
// catalog loader returned, with known more valid items it did not decode.
func keepValid(w io.Writer, items []catalog.Item, problems []catalog.Problem, err error, skipInvalid bool, known int) ([]catalog.Item, error) {
	if err != nil {
		return nil, err
	}
	if len(problems) == 0 {
		return items, nil
	}
	for _, p := range problems {
		fmt.Fprintln(w, p.Error())
	}
	if !skipInvalid {
		return nil, &exitError{code: 1, err: fmt.Errorf(
			"catalogue invalide : %s, rien n'est importé (--skip-invalid importe quand même %s)",
			french.Count(len(problems), "problème", "problèmes"), french.Count(len(items)+known, "élément valide", "éléments valides"))}
	}
	fmt.Fprintf(w, "%s : %s\n", french.Count(len(problems), "problème ignoré", "problèmes ignorés"),
		french.Count(len(items)+known, "élément valide importé", "éléments valides importés"))
	return items, nil
}

// writeCatalogReport prints the counts of valid items per kind, the counts
// of problems per field and kind of problem, then every problem.
func writeCatalogReport(w io.Writer, items []catalog.Item, problems []catalog.Problem) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s, %s\n\nÉléments valides par type :\n",
		french.Count(len(items), "élément valide", "éléments valides"), french.Count(len(problems), "problème", "problèmes"))
	perKind := map[catalog.Kind]int{}
	for _, it := range items {
		perKind[it.Kind]++
	}
	for _, k := range catalog.Kinds {
		fmt.Fprintf(tw, "  %s\t%d\n", k, perKind[k])
	}
	if len(problems) == 0 {
		fmt.Fprintln(tw, "\nAucun problème : le catalogue est valide.")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "\nProblèmes par champ :")
	for _, g := range groupProblems(problems) {
		fmt.Fprintf(tw, "  %s\t%s\t%d\n", g.field, g.code.Label(), g.n)
	}
	fmt.Fprintln(tw, "\nDétail :")
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range problems {
		if _, err := fmt.Fprintln(w, p.Error()); err != nil {
			return err
		}
	}
	return nil
}

type problemGroup struct {
	field string
	code  catalog.ProblemCode
	n     int
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// groupProblems counts problems by field (list indexes removed) and code,
// most frequent first.
func groupProblems(problems []catalog.Problem) []problemGroup {
	type key struct {
		field string
		code  catalog.ProblemCode
	}
	counts := map[key]int{}
	for _, p := range problems {
		f := indexRE.ReplaceAllString(p.Field, "[]")
		if f == "" {
			f = "(élément entier)"
			if p.Line == 0 {
				f = "(fichier)"
			}
		}
		counts[key{f, p.Code}]++
	}
	out := make([]problemGroup, 0, len(counts))
	for k, n := range counts {
		out = append(out, problemGroup{k.field, k.code, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		if out[i].field != out[j].field {
			return out[i].field < out[j].field
		}
		return out[i].code < out[j].code
	})
	return out
}

func newCatalogConvertCmd(e *env) *cobra.Command {
	var useDemo bool
	cmd := &cobra.Command{
		Use:   "convert [--skip-invalid] (ENTRÉE... | --demo) SORTIE",
		Short: "Convertir un catalogue d'un format à l'autre (JSONL, JSON, YAML, CSV)",
		Long: "Lit les fichiers ENTRÉE (ou, avec --demo, le catalogue de démonstration intégré), les vérifie " +
			"comme validate, puis écrit tous leurs éléments dans SORTIE, au format choisi d'après son extension. " +
			"Un catalogue avec des problèmes n'est pas converti, sauf avec --skip-invalid. " +
			"Ce que le format de sortie ne peut pas contenir (sessions et blocs en CSV) est signalé.",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case useDemo && len(args) != 1:
				return errors.New("avec --demo, indiquez seulement le fichier de sortie")
			case !useDemo && len(args) < 2:
				return errors.New("indiquez le ou les fichiers à convertir, puis le fichier de sortie")
			}
			return nil
		},
	}
	skipInvalid := addSkipInvalidFlag(cmd)
	cmd.Flags().BoolVar(&useDemo, "demo", false, "convertir le catalogue de démonstration intégré")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		out, inputs := args[len(args)-1], args[:len(args)-1]
		f, err := catalog.FormatFromName(out)
		if err != nil {
			return fmt.Errorf("%s : extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)", out)
		}
		var items []catalog.Item
		if useDemo {
			all, problems, lerr := catalog.LoadFS(demo.FS(), demo.Files()...)
			items, err = keepValid(e.stderr, all, problems, lerr, *skipInvalid, 0)
		} else {
			items, err = loadCatalog(e.stderr, inputs, *skipInvalid)
		}
		if err != nil {
			return err
		}
		return writeCatalogFile(e, out, items, f)
	}
	return cmd
}

// writeCatalogFile encodes items into path, replaced atomically, so that a
// failed conversion leaves no half-written catalog.
func writeCatalogFile(e *env, path string, items []catalog.Item, f catalog.Format) error {
	var lost []catalog.Problem
	err := atomicfile.WriteFunc(path, 0o644, func(w io.Writer) error {
		var err error
		lost, err = catalog.Encode(w, items, f)
		return err
	})
	if err != nil {
		return fmt.Errorf("écriture de %s : %w", path, err)
	}
	writeLosses(e.stderr, lost, f)
	fmt.Fprintf(e.stdout, "%s dans %s (format %s)\n", french.Count(len(items), "élément écrit", "éléments écrits"), path, f)
	return nil
}

// writeLosses tells, per field, what the output format could not hold and
// for which items (the first five are named).
func writeLosses(w io.Writer, lost []catalog.Problem, f catalog.Format) {
	var fields []string
	ids := map[string][]string{}
	reasons := map[string]string{}
	for _, p := range lost {
		if _, ok := ids[p.Field]; !ok {
			fields = append(fields, p.Field)
			reasons[p.Field] = p.Reason
		}
		ids[p.Field] = append(ids[p.Field], p.ID)
	}
	for _, field := range fields {
		named := ids[field]
		more := ""
		if len(named) > 5 {
			named, more = named[:5], " et "+french.Count(len(ids[field])-5, "autre", "autres")
		}
		fmt.Fprintf(w, "avertissement (%s) : %s: %s — %s : %s%s\n",
			f, field, reasons[field], french.Count(len(ids[field]), "élément", "éléments"), strings.Join(named, ", "), more)
	}
}
