// name: projects-by-place
// description: Projects mentioned together with each place (streets, roads, districts).
// param: place | optional | one place, e.g. 莲湖街道
// suggest: place | Place
MATCH (pl:Place)-[c:CO_OCCURS]-(x:Project)
WHERE $place IS NULL OR pl.name = $place
RETURN pl.name AS place, x.name AS project, c.weight AS articles, c.shared_sentences AS sentences,
       [i IN range(0, size(coalesce(c.evidence_sentence, [])) - 1) WHERE i < 3 | {date: c.evidence_date[i], headline: c.evidence_headline[i],
        source: c.evidence_source[i], sentence: c.evidence_sentence[i]}] AS evidence
ORDER BY place, sentences DESC, project
