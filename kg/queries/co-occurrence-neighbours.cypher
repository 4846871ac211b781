// name: co-occurrence-neighbours
// description: Entities most often mentioned in the same articles as the given one.
// param: name | required | an entity name (person, organization, place or project)
// param: limit | optional=20 | how many rows
// suggest: name | *
MATCH (n {name: $name})-[c:CO_OCCURS]-(m)
RETURN n.name AS entity, m.name AS neighbour, labels(m)[0] AS type, c.weight AS articles,
       c.shared_sentences AS sentences,
       [i IN range(0, size(coalesce(c.evidence_sentence, [])) - 1) WHERE i < 3 | {date: c.evidence_date[i], headline: c.evidence_headline[i],
        source: c.evidence_source[i], sentence: c.evidence_sentence[i]}] AS evidence
ORDER BY articles DESC, sentences DESC, neighbour
LIMIT toInteger($limit)
