// name: who-accompanies-whom
// description: Who accompanied whom (陪同), and in how many articles.
// param: name | optional | only pairs involving this person
MATCH (a:Person)-[e:ACCOMPANIED]->(b:Person)
WHERE $name IS NULL OR a.name = $name OR b.name = $name
RETURN a.name AS companion, b.name AS accompanied, size(e.articles) AS articles, e.first_seen AS first_seen
ORDER BY articles DESC, companion, accompanied
