// name: shortest-connection
// description: The shortest chain of relations between two people (any edge type, up to 6 hops).
// param: a | required | first person's name
// param: b | required | second person's name
MATCH (a:Person {name: $a}), (b:Person {name: $b})
MATCH p = shortestPath((a)-[*..6]-(b))
RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS relations, length(p) AS hops
