package catalog

// fieldSetter types one interchange field into an item.
type fieldSetter func(c *converter, it *Item, v value)

// itemFields maps each interchange field name to its setter. Fields absent
// from this table are ignored (the format allows extra fields).
var itemFields = map[string]fieldSetter{
	"id":          func(c *converter, it *Item, v value) { it.ID = c.str("id", v) },
	"kind":        func(c *converter, it *Item, v value) { it.Kind = Kind(c.str("kind", v)) },
	"title":       func(c *converter, it *Item, v value) { it.Title = c.str("title", v) },
	"description": func(c *converter, it *Item, v value) { it.Description = c.str("description", v) },
	"skills":      func(c *converter, it *Item, v value) { it.Skills = c.strs("skills", v) },
	"level":       func(c *converter, it *Item, v value) { it.Level = c.str("level", v) },
	"language":    func(c *converter, it *Item, v value) { it.Language = c.str("language", v) },
	"location":    func(c *converter, it *Item, v value) { it.Location = c.str("location", v) },
	"provider":    func(c *converter, it *Item, v value) { it.Provider = c.str("provider", v) },
	"url":         func(c *converter, it *Item, v value) { it.URL = c.str("url", v) },
	"tags":        func(c *converter, it *Item, v value) { it.Tags = c.strs("tags", v) },
	"domain":      func(c *converter, it *Item, v value) { it.Domain = c.str("domain", v) },
	"metiers":     func(c *converter, it *Item, v value) { it.Metiers = c.strs("metiers", v) },

	"duration_hours": func(c *converter, it *Item, v value) { it.DurationHours = c.float("duration_hours", v) },
	"modality":       func(c *converter, it *Item, v value) { it.Modality = Modality(c.str("modality", v)) },
	"price_eur":      func(c *converter, it *Item, v value) { it.PriceEUR = c.float("price_eur", v) },
	"cpf_eligible":   func(c *converter, it *Item, v value) { it.CPFEligible, _ = c.bool("cpf_eligible", v) },
	"sessions":       setSessions,

	"certification_code": func(c *converter, it *Item, v value) { it.CertificationCode = c.str("certification_code", v) },
	"vae_eligible":       func(c *converter, it *Item, v value) { it.VAEEligible, _ = c.bool("vae_eligible", v) },
	"blocs":              setBlocs,

	"mentor":  setMentor,
	"mission": setMission,
	"active": func(c *converter, it *Item, v value) {
		if b, ok := c.bool("active", v); ok {
			it.Active = b
		}
	},
}

// toItem types the fields of one decoded object into an item. Active
// defaults to true. The problems carry Field, Code and Reason only.
func toItem(obj map[string]value) (Item, []Problem) {
	it := Item{Active: true}
	c := &converter{}
	// Fixed order so that problems come out in a stable order.
	for _, name := range fieldOrder {
		if v, ok := obj[name]; ok {
			itemFields[name](c, &it, v)
		}
	}
	return it, c.problems
}

// fieldOrder is the order of the interchange fields in documentation and
// problem reports.
var fieldOrder = []string{
	"id", "kind", "title", "description", "skills", "level", "language", "location",
	"provider", "url", "tags", "domain", "duration_hours", "modality", "price_eur",
	"cpf_eligible", "sessions", "certification_code", "vae_eligible", "blocs",
	"mentor", "mission", "active", "metiers",
}

func setSessions(c *converter, it *Item, v value) {
	for i, o := range c.objects("sessions", v) {
		if o == nil {
			continue
		}
		p := indexed("sessions", i, "")
		it.Sessions = append(it.Sessions, Session{
			Start:    c.date(p+".start", o["start"]),
			End:      c.date(p+".end", o["end"]),
			Location: c.str(p+".location", o["location"]),
		})
	}
}

func setBlocs(c *converter, it *Item, v value) {
	for i, o := range c.objects("blocs", v) {
		if o == nil {
			continue
		}
		p := indexed("blocs", i, "")
		it.Blocs = append(it.Blocs, Bloc{
			Code:   c.str(p+".code", o["code"]),
			Title:  c.str(p+".title", o["title"]),
			Skills: c.strs(p+".skills", o["skills"]),
		})
	}
}

func setMentor(c *converter, it *Item, v value) {
	o, ok := c.object("mentor", v)
	if !ok {
		return
	}
	it.Mentor = &Mentor{
		Name:           c.str("mentor.name", o["name"]),
		JobTitle:       c.str("mentor.job_title", o["job_title"]),
		Department:     c.str("mentor.department", o["department"]),
		Capacity:       c.int("mentor.capacity", o["capacity"]),
		CurrentMentees: c.int("mentor.current_mentees", o["current_mentees"]),
		Languages:      c.strs("mentor.languages", o["languages"]),
	}
}

func setMission(c *converter, it *Item, v value) {
	o, ok := c.object("mission", v)
	if !ok {
		return
	}
	it.Mission = &Mission{
		Department:   c.str("mission.department", o["department"]),
		StartDate:    c.date("mission.start_date", o["start_date"]),
		EndDate:      c.date("mission.end_date", o["end_date"]),
		TimeSharePct: c.int("mission.time_share_pct", o["time_share_pct"]),
	}
}
