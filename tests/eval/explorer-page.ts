/** A page as SQuAD-explorer writes one (trimmed): the title, then each paragraph beside its questions. */
export const page = (title: string, paragraphs: [string, [string, string[]][]][]) =>
  `<html><body><div class="navbar"><a href="/">SQuAD</a></div><h1 id="appTitle">SQuAD</h1>` +
  `<h1 id="title">${title}</h1><h2 id="subtitle">The Stanford Question Answering Dataset</h2><div>` +
  paragraphs
    .map(
      ([context, qas]) =>
        `<div class="para-wrap"><div class="row"><div class="col-md-6"><pre>${context}</pre></div>` +
        `<div class="col-md-6 rightCol">` +
        qas
          .map(
            ([q, answers]) =>
              `<div class="qa-wrap"><p> <strong class="question">${q}</strong></p><ol class="list-unstyled">` +
              answers
                .map(
                  (a, i) =>
                    `<li><p><i>Answer ${i + 1}: </i><span class="answer">${a}</span></p></li>`,
                )
                .join('') +
              '</ol></div>',
          )
          .join('') +
        '</div></div></div>',
    )
    .join('') +
  '</div></body></html>';
