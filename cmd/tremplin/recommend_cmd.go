package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender"
)

// recommendFlags are the options of tremplin recommend.
type recommendFlags struct {
	skills, current, kinds         []string
	role, modality, data, location string
	maxPrice, maxHours             float64
	perKind                        int
	cpf, explain, json             bool
	url, key                       string // a running server to ask (--url, --key)
}

func newRecommendCmd(e *env) *cobra.Command {
	var fl recommendFlags
	cmd := &cobra.Command{
		Use:   `recommend "projet…" [--skill X]... [options]`,
		Short: "Proposer formations, certifications, mentors et missions pour un projet professionnel",
		Long: "Comprend le projet professionnel (métier visé, compétences à acquérir), classe les éléments du " +
			"catalogue indexé par type, explique chaque suggestion et compose un plan d'action. " +
			"Sans index dans le dossier de données, indexe d'abord le catalogue de démonstration.",
		Example: `  tremplin recommend "Je veux devenir data analyst" --skill SQL --skill "Power BI" --max-price 2000`,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := fl.request(cmd, args)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			if fl.url != "" {
				if err := checkServerURL(fl.url); err != nil {
					return &exitError{code: 2, err: err}
				}
				if cmd.Flags().Changed("data") {
					return &exitError{code: 2, err: errors.New("--url et --data s'excluent : la recommandation vient du serveur, pas du répertoire de données")}
				}
				return runRecommendRemote(cmd.Context(), e, fl.url, fl.key, req, fl.json)
			}
			cfg, err := loadConfig(e.getenv)
			if err != nil {
				return err
			}
			overrideString(cmd, "data", &cfg.dataDir, fl.data)
			return runRecommend(cmd.Context(), e, cfg, req, fl.json)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&fl.skills, "skill", nil, "compétence visée ; répétable")
	f.StringArrayVar(&fl.current, "current-skill", nil, "compétence déjà acquise ; répétable")
	f.StringVar(&fl.role, "current-role", "", "poste actuel")
	f.Float64Var(&fl.maxPrice, "max-price", 0, "prix maximal en euros (par élément et pour le plan)")
	f.Float64Var(&fl.maxHours, "max-hours", 0, "durée maximale en heures (par élément et pour le plan)")
	f.StringVar(&fl.modality, "modality", "", "modalité : presentiel, distanciel ou hybride")
	f.StringVar(&fl.location, "location", "", "ville où vous travaillez : ce qui s'y tient passe en premier, la distance des autres est indiquée")
	f.BoolVar(&fl.cpf, "cpf", false, "seulement les formations et certifications éligibles au CPF")
	f.StringArrayVar(&fl.kinds, "kind", nil, "type voulu : formation, certification, mentoring, mission ; répétable")
	f.IntVar(&fl.perKind, "per-kind", 0, fmt.Sprintf("suggestions par type (défaut %d, au plus %d)", recommender.DefaultPerKind, recommender.MaxPerKind))
	f.BoolVar(&fl.explain, "explain", false, "détailler le score de chaque suggestion")
	f.BoolVar(&fl.json, "json", false, "afficher la réponse en JSON")
	f.StringVar(&fl.data, "data", "", "répertoire de données (défaut : $TREMPLIN_DATA ou ./data)")
	f.StringVar(&fl.url, "url", "", "adresse d'un serveur Tremplin en marche (http://hôte:port) à interroger au lieu du répertoire de données")
	f.StringVar(&fl.key, "key", "", "clé d'API du serveur (avec --url ; défaut : $TREMPLIN_API_KEY)")
	return cmd
}

// request turns the arguments and flags into a request, or a French error
// naming the bad flag.
func (fl recommendFlags) request(cmd *cobra.Command, args []string) (recommender.Request, error) {
	req := recommender.Request{
		Projet: strings.TrimSpace(strings.Join(args, " ")), DesiredSkills: fl.skills,
		CurrentSkills: fl.current, CurrentRole: fl.role, PerKind: fl.perKind, Explain: fl.explain,
	}
	if req.Projet == "" && len(fl.skills) == 0 {
		return req, errors.New(`indiquez un projet entre guillemets (exemple : tremplin recommend "Je veux devenir data analyst") ou au moins une --skill`)
	}
	c := &req.Constraints
	if cmd.Flags().Changed("max-price") {
		if fl.maxPrice < 0 {
			return req, fmt.Errorf("--max-price : montant positif attendu, reçu %v", fl.maxPrice)
		}
		c.MaxPriceEUR = &fl.maxPrice
	}
	if cmd.Flags().Changed("max-hours") {
		if fl.maxHours < 0 {
			return req, fmt.Errorf("--max-hours : durée positive attendue, reçu %v", fl.maxHours)
		}
		c.MaxHours = &fl.maxHours
	}
	if fl.perKind < 0 || fl.perKind > recommender.MaxPerKind {
		return req, fmt.Errorf("--per-kind : entre 1 et %d, reçu %d", recommender.MaxPerKind, fl.perKind)
	}
	var err error
	if c.Modality, err = parseModality(fl.modality); err != nil {
		return req, err
	}
	for _, k := range fl.kinds {
		kind, err := parseKind(k)
		if err != nil {
			return req, err
		}
		c.Kinds = append(c.Kinds, kind)
	}
	c.CPFOnly = fl.cpf
	c.Location = strings.TrimSpace(fl.location)
	return req, nil
}

func parseModality(s string) (catalog.Modality, error) {
	m, ok := catalog.ParseModality(s)
	if !ok {
		return "", fmt.Errorf("--modality : %q inconnue (valeurs acceptées : %s)", s, catalog.AcceptedModalities)
	}
	return m, nil
}

func parseKind(s string) (catalog.Kind, error) {
	switch french.Fold(strings.TrimSpace(s)) {
	case "formation", "formations":
		return catalog.KindFormation, nil
	case "certification", "certifications":
		return catalog.KindCertification, nil
	case "mentoring", "mentor", "mentors", "mentorat":
		return catalog.KindMentoring, nil
	case "mission", "missions":
		return catalog.KindMission, nil
	}
	return "", fmt.Errorf("--kind : %q inconnu (valeurs possibles : formation, certification, mentoring, mission)", s)
}

func runRecommend(ctx context.Context, e *env, cfg config, req recommender.Request, asJSON bool) error {
	rec, items, closeStack, err := openRecommenderItems(ctx, e, cfg)
	if errors.Is(err, indexer.ErrLocked) {
		return &exitError{code: 1, err: fmt.Errorf("%w ; ou interrogez le serveur qui l'utilise : tremplin recommend --url http://hôte:port", err)}
	}
	if err != nil {
		return err
	}
	defer closeStack()
	resp, err := rec.Recommend(ctx, req)
	var skillErr *recommender.SkillError
	if errors.As(err, &skillErr) {
		return &exitError{code: 2, err: fmt.Errorf("--skill : %w", err)}
	}
	if errors.Is(err, recommender.ErrNoProjet) {
		return &exitError{code: 2, err: err}
	}
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	facts, err := suggestionFacts(ctx, items, resp)
	if err != nil {
		return err
	}
	return writeResponse(e.stdout, resp, facts, req.Explain)
}

// suggestionFacts reads the key facts of every suggested item, by id: the
// terminal's facts row, which reasons do not repeat.
func suggestionFacts(ctx context.Context, items recommender.ItemSource, resp recommender.Response) (map[string][]string, error) {
	out := make(map[string][]string)
	for _, ks := range resp.Suggestions {
		for _, s := range ks.Items {
			it, err := items.Item(ctx, s.ID)
			if err != nil {
				return nil, fmt.Errorf("lire l'élément %s : %w", s.ID, err)
			}
			out[s.ID] = recommender.Facts(&it)
		}
	}
	return out, nil
}

// openRecommender opens the live index of cfg.dataDir, indexing the demo
// catalog first when there is none, brings the text index and the métier
// tags in step as serve does, and returns the recommender serve would.
func openRecommender(ctx context.Context, e *env, cfg config) (*recommender.Recommender, func(), error) {
	rec, _, closeStack, err := openRecommenderItems(ctx, e, cfg)
	return rec, closeStack, err
}

// openRecommenderItems is openRecommender, with the items the recommender
// reads (for their facts).
func openRecommenderItems(ctx context.Context, e *env, cfg config) (*recommender.Recommender, recommender.ItemSource, func(), error) {
	demoItems, err := demo.Items()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("catalogue de démonstration : %w", err)
	}
	s, err := openStores(ctx, cfg, e.logger, stores.Options{Corpus: demoItems, PreferStored: true, DemoReferentiel: true})
	if err != nil {
		return nil, nil, nil, err
	}
	if err := reconcile(ctx, e, s, demoItems); err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	tax, err := taxonomyInUse(ctx, s)
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	rec, err := newRecommender(ctx, s, tax, e.logger, recommenderOptions{})
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return rec, s.Vectors(), func() { s.Close() }, nil
}
