package main

import (
	"bytes"
	"strings"
	"testing"
)

// englishHelp is cobra's and pflag's English boilerplate, which French help
// must not contain.
var englishHelp = []string{
	"Usage:", "Available Commands", "Additional Commands", "Flags:", "Global Flags",
	"for more information", "help for ", "Help about", "Generate the autocompletion",
	"[flags]", "[command]", "(default ", "Aliases:", "Examples:", "Additional help",
	" string ", " stringArray ", " float ", " float64", " int ", " duration ", " bool ",
}

// helpOf runs `tremplin args... --help` and returns what it printed.
func helpOf(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), append(args, "--help"), noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("%v --help: %v\n%s", args, err, stderr.String())
	}
	return stdout.String() + stderr.String()
}

// subcommands lists the commands of a help text's "Commandes :" section.
func subcommands(help string) []string {
	_, section, ok := strings.Cut(help, "\nCommandes :\n")
	if !ok {
		return nil
	}
	var names []string
	for _, line := range strings.Split(section, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			break
		}
		names = append(names, f[0])
	}
	return names
}

func TestHelpIsFrench(t *testing.T) {
	seen := 0
	var walk func(path []string)
	walk = func(path []string) {
		help := helpOf(t, path...)
		seen++
		for _, w := range englishHelp {
			if strings.Contains(help, w) {
				t.Errorf("tremplin %s --help contains %q:\n%s", strings.Join(path, " "), w, help)
			}
		}
		for _, sub := range subcommands(help) {
			walk(append(append([]string(nil), path...), sub))
		}
	}
	walk(nil)
	// The root, catalog validate and convert, completion and help at least.
	if seen < 5 {
		t.Errorf("walked %d commands' help, want every command", seen)
	}
}

func TestHelpCommandIsFrench(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"help", "catalog", "validate"}, {"completion", "--help"}} {
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), args, noEnv, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		out := stdout.String()
		if !strings.Contains(out, "Utilisation :") {
			t.Errorf("%v printed no French usage:\n%s", args, out)
		}
		for _, w := range englishHelp {
			if strings.Contains(out, w) {
				t.Errorf("%v prints %q:\n%s", args, w, out)
			}
		}
	}
}

func TestCompletionScript(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"completion", "bash"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("completion bash: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "__start_tremplin") {
		t.Errorf("completion bash wrote no bash completion script:\n%.300s", stdout.String())
	}
}

func TestCommandLineErrorsAreFrench(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"servee"}, "vouliez-vous dire « serve »"},
		{[]string{"serve", "--nope"}, "option inconnue : --nope"},
		{[]string{"serve", "-z"}, "option inconnue : -z"},
		{[]string{"serve", "--addr"}, "l'option --addr attend une valeur"},
		{[]string{"recommend", "--per-kind", "abc", "projet"}, "valeur « abc » invalide pour l'option --per-kind"},
		{[]string{"serve", "extra"}, "« extra » : argument inattendu, « tremplin serve » n'en prend aucun"},
		{[]string{"help", "nope"}, "aucune commande « nope »"},
		{[]string{"catalog", "nope"}, "« nope » : commande inconnue de « tremplin catalog »"},
		{[]string{"catalog", "validat"}, "vouliez-vous dire « validate »"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tt.args, noEnv, &stdout, &stderr)
			if err == nil {
				t.Fatalf("run succeeded, want an error")
			}
			if got := stderr.String(); !strings.Contains(got, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", got, tt.want)
			}
			for _, w := range []string{"unknown", "flag", "invalid argument", "Did you mean", "accepts"} {
				if strings.Contains(stderr.String(), w) {
					t.Errorf("stderr %q contains English %q", stderr.String(), w)
				}
			}
		})
	}
}
