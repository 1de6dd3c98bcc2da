package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageTemplate is cobra's usage template in French. Flags are listed by
// frenchFlags, which names their values in French too.
const usageTemplate = `Utilisation :{{if and .Runnable (not .HasAvailableSubCommands)}}
  {{frenchUseLine .}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} COMMANDE{{end}}{{if gt (len .Aliases) 0}}

Alias :
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Exemples :
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commandes :{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Options :
{{frenchFlags .LocalFlags}}{{end}}{{if .HasAvailableInheritedFlags}}

Options communes :
{{frenchFlags .InheritedFlags}}{{end}}{{if .HasAvailableSubCommands}}

« {{.CommandPath}} COMMANDE --help » détaille chaque commande.{{end}}
`

// helpTemplate is cobra's help template (description, then usage).
const helpTemplate = `{{with (or .Long .Short)}}{{. | trimTrailingWhitespaces}}

{{end}}{{if or .Runnable .HasSubCommands}}{{.UsageString}}{{end}}`

func init() {
	cobra.AddTemplateFunc("frenchFlags", frenchFlags)
	cobra.AddTemplateFunc("frenchUseLine", frenchUseLine)
}

// frenchUseLine is the command's usage line, ending in "[options]" (not
// cobra's "[flags]") when it has options its Use does not show.
func frenchUseLine(c *cobra.Command) string {
	line := c.UseLine()
	if c.HasAvailableFlags() && !strings.Contains(line, "[options]") {
		line += " [options]"
	}
	return line
}

// frenchHelp makes the help of root and of every command under it French:
// templates, the -h flag, and the help and completion commands, which
// replace cobra's English ones. Call it once every command is added.
func frenchHelp(root *cobra.Command) {
	root.SetUsageTemplate(usageTemplate)
	root.SetHelpTemplate(helpTemplate)
	root.SetHelpCommand(newHelpCmd())
	root.AddCommand(newCompletionCmd())
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		frenchHelpFlag(c)
		if c.HasSubCommands() && !c.Runnable() {
			c.Args, c.RunE = cobra.ArbitraryArgs, helpOrUnknown
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// frenchHelpFlag gives c a French -h flag (cobra adds an English one to
// commands without), and leaves "[options]" to the usage template.
func frenchHelpFlag(c *cobra.Command) {
	c.DisableFlagsInUseLine = true
	if c.Flags().Lookup("help") == nil {
		c.Flags().BoolP("help", "h", false, "afficher cette aide")
	}
}

// helpOrUnknown runs a command that only groups others: its help without
// arguments, an error naming the unknown command otherwise (cobra would
// print the help and exit 0).
func helpOrUnknown(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("« %s » : commande inconnue de « %s » ; « %s --help » les liste", args[0], cmd.CommandPath(), cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (vouliez-vous dire « %s » ?)", s[0])
	}
	return errors.New(msg)
}

// newHelpCmd is `tremplin help [COMMANDE...]`, cobra's help command in French.
func newHelpCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "help [COMMANDE...]",
		Short: "Afficher l'aide d'une commande",
		Long:  "Affiche l'aide d'une commande, par exemple « tremplin help catalog validate » (comme « tremplin catalog validate --help »).",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return fmt.Errorf("aucune commande « %s » : « tremplin --help » les liste toutes", strings.Join(args, " "))
			}
			return cmd.Help()
		},
	}
	frenchHelpFlag(cmd)
	return cmd
}

// shells are the shells `tremplin completion` writes a script for.
var shells = []string{"bash", "zsh", "fish", "powershell"}

// newCompletionCmd is `tremplin completion SHELL`, which replaces cobra's
// English completion command.
func newCompletionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "completion SHELL",
		Short: "Écrire le script d'autocomplétion pour bash, zsh, fish ou powershell",
		Long: `Écrit sur la sortie standard le script qui complète les commandes et options de tremplin
dans le shell choisi (bash, zsh, fish ou powershell). Par exemple, pour la session en cours :
  source <(tremplin completion bash)
ou, pour toutes les sessions :
  tremplin completion bash > ~/.local/share/bash-completion/completions/tremplin`,
		ValidArgs: shells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("indiquez un shell : %s", strings.Join(shells, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, w := cmd.Root(), cmd.OutOrStdout()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(w, true)
			case "zsh":
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return fmt.Errorf("shell « %s » inconnu (valeurs possibles : %s)", args[0], strings.Join(shells, ", "))
		},
	}
}

// valueNames names, in French, the value each type of flag takes.
var valueNames = map[string]string{
	"string": "texte", "stringArray": "texte", "stringSlice": "liste",
	"int": "entier", "float64": "nombre", "float64Slice": "nombres",
	"duration": "durée", "bool": "",
}

// frenchFlags lists flags as pflag's FlagUsages does, with French value
// names and defaults.
func frenchFlags(fs *pflag.FlagSet) string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if fr, ok := valueNames[f.Value.Type()]; ok && !strings.Contains(f.Usage, "`") {
			name = fr
		}
		if name != "" {
			left += " " + name
		}
		if def := f.DefValue; !zeroDefault(def) {
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				def = sliceDefault(sv)
			}
			usage += fmt.Sprintf(" (défaut : %s)", def)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len([]rune(left)))
	})
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.left + strings.Repeat(" ", width-len([]rune(r.left))+3) + r.usage)
	}
	return b.String()
}

// sliceDefault lists the values of a slice flag, numbers written short
// (0.05, not 0.050000).
func sliceDefault(v pflag.SliceValue) string {
	vals := v.GetSlice()
	for i, s := range vals {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			vals[i] = strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	return strings.Join(vals, ", ")
}

func zeroDefault(v string) bool {
	switch v {
	case "", "0", "false", "[]", "0s", "<nil>":
		return true
	}
	return false
}

// cobraMessages translates the English errors of cobra and pflag about
// the command line: each pattern, when it matches the whole message,
// gives the French one (with $1, $2… from the pattern).
var cobraMessages = []struct {
	re *regexp.Regexp
	fr string
}{
	// cobra.NoArgs (commands grouping others use helpOrUnknown).
	{regexp.MustCompile(`^unknown command "(.*)" for "(.*?)"(?s:.*)$`), "« $1 » : argument inattendu, « $2 » n'en prend aucun"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "nombre d'arguments attendu : $1, donnés : $2"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "nombre minimal d'arguments : $1, donnés : $2"},
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "option inconnue : $1"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)$`), "option inconnue : -$1"},
	{regexp.MustCompile(`^flag needs an argument: '?(.*?)'?(?: in \S+)?$`), "l'option $1 attend une valeur"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.*?)" flag: (?s:.*)$`), "valeur « $1 » invalide pour l'option $2"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "option mal écrite : $1"},
}

// frenchCommandLineError returns err in French when it is one of cobra's or
// pflag's command-line errors, err itself otherwise.
func frenchCommandLineError(err error) error {
	msg := err.Error()
	for _, m := range cobraMessages {
		if loc := m.re.FindStringSubmatchIndex(msg); loc != nil {
			return errors.New(string(m.re.ExpandString(nil, m.fr, msg, loc)))
		}
	}
	return err
}
