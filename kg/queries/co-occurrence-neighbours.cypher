// name: co-occurrence-neighbours
// description: Entities most often mentioned in the same articles as the given one.
// param: name | required | an entity name (person, organization, place or project)
// param: limit | optional=20 | how many rows
MATCH (n {name: $name})-[c:CO_OCCURS]-(m)
RETURN n.name AS entity, m.name AS neighbour, labels(m)[0] AS type, c.weight AS articles,
       c.shared_sentences AS sentences
ORDER BY articles DESC, sentences DESC, neighbour
LIMIT toInteger($limit)
