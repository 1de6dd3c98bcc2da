package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// newHealthcheckCmd probes a running server's /healthz: container images
// have no curl, so the compose healthcheck runs the binary itself.
func newHealthcheckCmd(e *env) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Vérifier qu'un service Tremplin en marche répond (code de sortie 0 si oui)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(e.getenv)
			if err != nil {
				return err
			}
			overrideString(cmd, "addr", &cfg.addr, addr)
			return healthcheck(cmd.Context(), cfg.addr)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "adresse du service HOST:PORT (défaut : $TREMPLIN_ADDR ou 127.0.0.1:8080)")
	return cmd
}

func healthcheck(ctx context.Context, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("adresse invalide %q : %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("service injoignable : %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("service en mauvaise santé : statut %d", resp.StatusCode)
	}
	return nil
}
