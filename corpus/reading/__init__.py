"""Reading an article: its direct quotes, who said them, and every source it cites.

A pipeline whose files are its stages, each reading the text and what the
stages before it found (as BBC Citron's cue → source → content → coreference):

1. `sentences` — sentence spans, aware of abbreviations;
2. `quotes` — the quote spans between marks, and their kind (speech or a term);
3. `context` — the text with the quotes masked out, and the article's people
   (`people`), made once per article for the stages after it;
4. `cues` — the verbs and phrases that report speech;
5. `attribution` — each quote's speaker, by an ordered list of named strategies;
6. `coreference` — who a subject phrase or pronoun names;
7. `sources` — everyone and everything the article cites;
8. `places` — the gazetteer's places and actors the article names.

`grammar` holds what the stages share (names, subjects, noun phrases) and
`lexicon` every word list, once. `corpus.analysis` runs the stages (and the
incident extractor) over an article.
"""
