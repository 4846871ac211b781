// name: shortest-connection
// description: The shortest chain of relations between two people (up to 6 hops), never through a reporter or correspondent unless reporters=true; each hop with its evidence.
// param: a | required | first person's name
// param: b | required | second person's name
// param: reporters | optional=false | true to let the chain pass through reporters, correspondents and bylines
// suggest: a | Person
// suggest: b | Person
// Without reporters the chain follows the facts, events and co-occurrences only: mentions and bylines
// (MENTIONED_IN, REPORTED) are how a reporter reaches everyone, and two people mentioned in one article
// are joined by CO_OCCURS anyway.
MATCH (a:Person {name: $a}), (b:Person {name: $b})
WHERE toString($reporters) <> 'true'
MATCH p = shortestPath((a)-[:CO_OCCURS|HOLDS_TITLE|INSPECTED|ACCOMPANIED|CHAIRED|ATTENDED|LED|PARTICIPATED|ACCOMPANIED_ON|VISITED|REPORTED_IN*..6]-(b))
WHERE none(n IN nodes(p)[1..-1] WHERE coalesce(n.reporter, false))
WITH p, relationships(p) AS rs
RETURN [n IN nodes(p) | n.name] AS path, [r IN rs | type(r)] AS relations, length(p) AS hops,
       [r IN rs | r.evidence_sentence[0]] AS sentence, [r IN rs | r.evidence_headline[0]] AS headline,
       [r IN rs | r.evidence_date[0]] AS date, [r IN rs | r.evidence_source[0]] AS source,
       [r IN rs | {relation: type(r), date: r.evidence_date[0], headline: r.evidence_headline[0], source: r.evidence_source[0], sentence: r.evidence_sentence[0]}] AS evidence
UNION
MATCH (a:Person {name: $a}), (b:Person {name: $b})
WHERE toString($reporters) = 'true'
MATCH p = shortestPath((a)-[*..6]-(b))
WITH p, relationships(p) AS rs
RETURN [n IN nodes(p) | n.name] AS path, [r IN rs | type(r)] AS relations, length(p) AS hops,
       [r IN rs | r.evidence_sentence[0]] AS sentence, [r IN rs | r.evidence_headline[0]] AS headline,
       [r IN rs | r.evidence_date[0]] AS date, [r IN rs | r.evidence_source[0]] AS source,
       [r IN rs | {relation: type(r), date: r.evidence_date[0], headline: r.evidence_headline[0], source: r.evidence_source[0], sentence: r.evidence_sentence[0]}] AS evidence
