// name: person-career
// description: A person's titles over time (HOLDS_TITLE edges with the dates of the articles stating them).
// param: name | required | the person's name, e.g. 李晓雷
MATCH (p:Person {name: $name})-[h:HOLDS_TITLE]->(o)
RETURN p.name AS person, p.district AS district, h.title AS title, h.organization AS organization,
       h.first_seen AS first_seen, h.last_seen AS last_seen, size(h.articles) AS articles
ORDER BY first_seen, title
