"""Documents of a breach: GBA notification drafts, processor notices, letters, the register.

Public surface:
- `documents.viewmodels`: the frozen view-models documents are rendered from (`BreachView`,
  `LetterRecipient`, `BreachRegisterView`, ...); `documents.build` maps facts, assessment and the
  register onto them.
- `documents.renderer`: `DocumentRenderer` protocol, `PdfRenderer`, `TextRenderer`,
  `RenderedDocument`; `documents.compose.LetterView` for `subject_letter`.
- `documents.letters.write_letters`: the mass-letter engine; `documents.letters_flow` its
  Prefect flow; `documents.breach_register.register_csv`: the register as CSV.
"""
