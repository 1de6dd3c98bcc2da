package french

// IsStopWord reports whether the folded word w carries no meaning for search.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}

var stopWords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range []string{
		"a", "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du", "en", "et", "est",
		"il", "elle", "ils", "elles", "je", "j", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais",
		"me", "meme", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas",
		"pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton",
		"tu", "un", "une", "vos", "votre", "vous", "y", "d", "l", "s", "t", "n", "m", "c",
		"etre", "avoir", "ete", "suis", "es", "sont", "ai", "as", "avons", "avez", "ont",
		"sans", "sous", "vers", "chez", "entre", "plus", "tres", "tout", "tous", "toute", "toutes",
		"aussi", "bien", "comme", "dont", "donc", "ni", "or", "car", "si", "son", "leur",
		"the", "of", "and", "to", "in", "for", "on", "with",
	} {
		m[w] = struct{}{}
	}
	return m
}()
