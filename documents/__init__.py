"""Documents of a breach: GBA notification drafts, processor notices, letters, the breach
register (Art. 33(5)).

Public surface:
- `documents.viewmodels`: the frozen view-models documents are rendered from (`BreachView`,
  `LetterRecipient`, `BreachRegisterView`, ...); `documents.build` maps facts, assessment and the
  register of processing activities onto them.
- `documents.messages`: the documents' English source, keyed by code; `documents.i18n` reads it
  in each language through the `documents` catalogs; `documents.statements` words the rules'
  reasons and assumptions (the `rules` catalogs) with their localised legal sources.
- `documents.renderer`: `DocumentRenderer` protocol, `PdfRenderer`, `TextRenderer`,
  `RenderedDocument`; `documents.compose.LetterView` for `subject_letter`.
- `documents.letters.write_letters`: the mass-letter engine;
  `documents.breach_register.breach_register_csv`: the breach register as CSV.
"""
