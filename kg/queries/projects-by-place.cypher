// name: projects-by-place
// description: Projects mentioned together with each place (streets, roads, districts).
// param: place | optional | one place, e.g. 莲湖街道
MATCH (pl:Place)-[c:CO_OCCURS]-(x:Project)
WHERE $place IS NULL OR pl.name = $place
RETURN pl.name AS place, x.name AS project, c.weight AS articles, c.shared_sentences AS sentences
ORDER BY place, sentences DESC, project
