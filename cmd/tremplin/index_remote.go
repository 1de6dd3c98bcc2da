package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
)

// remoteImportTimeout bounds the import of one file by a running server
// (it embeds the new and changed items before answering).
const remoteImportTimeout = 30 * time.Minute

// remoteIndex sends catalog files to a running server's import endpoint
// (tremplin index --url): the way to re-index while serve holds the data
// directory.
type remoteIndex struct {
	url, key string
}

// importAnswer is the server's answer to POST /api/v1/items:import: the
// counts on success, the error otherwise.
type importAnswer struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Skipped   int `json:"skipped"`
	Problems  []struct {
		Message string `json:"message"`
	} `json:"problems"`
	Error *struct {
		Message string `json:"message"`
		Details []struct {
			Message string `json:"message"`
		} `json:"details"`
	} `json:"error"`
}

// summary says what the server did: "3 nouveaux, 2 modifiés, 10 inchangés".
func (a *importAnswer) summary() string {
	s := counted(a.Created, "%d nouveau", "%d nouveaux") + ", " + counted(a.Updated, "%d modifié", "%d modifiés") +
		", " + counted(a.Unchanged, "%d inchangé", "%d inchangés")
	if a.Skipped > 0 {
		s += " ; " + counted(a.Skipped, "%d élément ignoré", "%d éléments ignorés")
	}
	return s
}

// check refuses the flags that do not apply to a running server.
func (r *remoteIndex) check(cmd *cobra.Command, paths []string, localOnly bool) error {
	if len(paths) == 0 {
		return errors.New("--url : indiquez les fichiers à envoyer avec --catalog FICHIER")
	}
	for _, name := range []string{"data", "database-url", "embedder"} {
		if cmd.Flags().Changed(name) {
			localOnly = true
		}
	}
	if localOnly {
		return errors.New("--url envoie les fichiers au serveur, qui les importe dans son propre index : " +
			"--dry-run, --rebuild, --yes, --data, --database-url et --embedder ne s'emploient pas avec lui")
	}
	return checkServerURL(r.url)
}

// checkServerURL says, as a French error about --url, why raw is not the
// address of a server (http(s)://host[:port]).
func checkServerURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url : adresse http(s)://hôte[:port] attendue, reçu %q", raw)
	}
	return nil
}

// run sends each file in turn and prints what the server did with it.
func (r *remoteIndex) run(ctx context.Context, e *env, paths []string, skipInvalid bool) error {
	key := r.key
	if key == "" {
		key = e.getenv("TREMPLIN_API_KEY")
	}
	client := &http.Client{Timeout: remoteImportTimeout}
	for _, p := range paths {
		ans, err := r.send(ctx, client, key, p, skipInvalid)
		if ans != nil && ans.Error != nil {
			for _, d := range ans.Error.Details {
				fmt.Fprintln(e.stderr, d.Message)
			}
		}
		if err != nil {
			return &exitError{code: 1, err: fmt.Errorf("%s : %w", p, err)}
		}
		for _, pr := range ans.Problems {
			fmt.Fprintln(e.stderr, pr.Message)
		}
		fmt.Fprintf(e.stdout, "%s importé par %s : %s.\n", filepath.Base(p), r.url, ans.summary())
	}
	return nil
}

// send posts one file and decodes the answer; err says in French why the
// server refused it.
func (r *remoteIndex) send(ctx context.Context, client *http.Client, key, path string, skipInvalid bool) (*importAnswer, error) {
	format, err := catalog.FormatFromName(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("fichier illisible : %w", err)
	}
	defer f.Close()
	q := url.Values{"format": {string(format)}, "filename": {filepath.Base(path)}}
	if skipInvalid {
		q.Set("skip_invalid", "true")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(r.url, "/")+"/api/v1/items:import?"+q.Encode(), f)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("le serveur %s ne répond pas : %w", r.url, err)
	}
	defer resp.Body.Close()
	var ans importAnswer
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if json.Unmarshal(b, &ans) != nil {
		return nil, fmt.Errorf("réponse inattendue du serveur (HTTP %d)", resp.StatusCode)
	}
	if resp.StatusCode != http.StatusOK {
		msg := fmt.Sprintf("HTTP %d", resp.StatusCode)
		if ans.Error != nil {
			msg = ans.Error.Message
		}
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			msg += " (une clé ld_admin est nécessaire : --key ou $TREMPLIN_API_KEY)"
		}
		return &ans, errors.New("import refusé par le serveur : " + msg)
	}
	return &ans, nil
}
