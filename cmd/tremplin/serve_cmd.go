package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this file): replace with the real command.
func newServeCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "(en construction)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("commande pas encore disponible")
		},
	}
}
