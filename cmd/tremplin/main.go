// Command tremplin indexes a catalog of formations, certifications, mentors
// and missions, and recommends them for an employee's projet professionnel.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		os.Exit(exitCode(err))
	}
}

// env is what every subcommand receives from run: the environment and the
// standard streams. Subcommands read configuration through config(env).
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
}

// exitError carries a specific exit code (e.g. 1 for invalid input) with a
// message already shown to the user.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 1
}

// run builds the command tree and executes it with args. It is the whole
// program: tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	level, err := logLevel(getenv, isTerminal(stderr))
	if err != nil {
		fmt.Fprintln(stderr, "erreur :", err)
		return err
	}
	e := &env{
		getenv: getenv,
		stdout: stdout,
		stderr: stderr,
		logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	}
	root := &cobra.Command{
		Use:           "tremplin",
		Short:         "Tremplin : du projet professionnel au plan d'action",
		Long:          "Tremplin transforme le projet professionnel d'un salarié en plan d'action : formations, certifications, mentors et missions internes classés et expliqués.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newCatalogCmd(e),
		newReferentielCmd(e),
		newTaxonomyCmd(e),
		newOrgCmd(e),
		newIndexCmd(e),
		newRecommendCmd(e),
		newEvalCmd(e),
		newCalibrateCmd(e),
		newServeCmd(e),
		newHealthcheckCmd(e),
	)
	frenchHelp(root)
	if err = root.ExecuteContext(ctx); err != nil {
		if _, ok := err.(*exitError); !ok {
			err = frenchCommandLineError(err)
		}
		fmt.Fprintln(stderr, "erreur :", err)
	}
	return err
}

// logLevel is the level of TREMPLIN_LOG_LEVEL. Unset, it is warn when the
// logs go to a terminal, where a person reads the French messages and
// progress bars and English log lines would only get in the way, and info
// otherwise (a service whose logs are collected).
func logLevel(getenv func(string) string, terminal bool) (slog.Level, error) {
	v := getenv("TREMPLIN_LOG_LEVEL")
	if v == "" {
		if terminal {
			return slog.LevelWarn, nil
		}
		return slog.LevelInfo, nil
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		return 0, fmt.Errorf("TREMPLIN_LOG_LEVEL : %q inconnu (valeurs possibles : debug, info, warn, error)", v)
	}
	return l, nil
}
