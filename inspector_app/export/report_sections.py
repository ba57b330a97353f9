"""The report's sections: one method per kind of section named in the report text.

`plan_report` turns the report text's list of sections into steps, one per section and one per
standard, so that a progress display moves steadily through a large report. Each step writes
through `ReportWriter`; the figures come from the `ReportContext`, computed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.shared import Cm

from inspector_app.core.engine import QuestionFigure, StandardResult, format_percent
from inspector_app.core.framework import Domain, Standard
from inspector_app.export import styles
from inspector_app.export.charts import bars_for, key_question_chart
from inspector_app.export.docx_writer import Cell, Content, ReportWriter, Row
from inspector_app.export.report_facts import ReportContext, lower_first
from inspector_app.export.report_text import (
    AcknowledgementsSection,
    BackgroundSection,
    BoilerplateSection,
    ContentsSection,
    CoverSection,
    DomainSection,
    FeedbackSection,
    FindingsSection,
    ForewordSection,
    MethodologySection,
    OverallFindingsSection,
    Placeholder,
    PreviousRecommendationsSection,
    RatingsSection,
    RecommendationsSection,
    ResultsAnnexSection,
    Section,
    Segment,
    render,
)
from inspector_app.export.text import join_words, narrative_blocks, non_empty, one_line


@dataclass(frozen=True, slots=True)
class Step:
    label: str
    write: Callable[[], None]


def plan_report(context: ReportContext, writer: ReportWriter) -> list[Step]:
    return ReportSections(context, writer).plan()


class ReportSections:
    def __init__(self, context: ReportContext, writer: ReportWriter) -> None:
        self.context = context
        self.writer = writer
        self.text = context.text
        self.values = context.values
        self.narrative = context.document.narrative

    # -- the plan -------------------------------------------------------------------------

    def plan(self) -> list[Step]:
        steps: list[Step] = []
        placed = {s.domain for s in self.text.sections if isinstance(s, DomainSection)}
        unplaced = [d for d in self.context.framework.domains if d.id not in placed]
        last_domain = max(
            (i for i, s in enumerate(self.text.sections) if isinstance(s, DomainSection)),
            default=None,
        )
        for index, section in enumerate(self.text.sections):
            if section.only_when_drafted and not self._drafted(section):
                continue
            if isinstance(section, DomainSection):
                steps.extend(self._domain_steps(section))
            else:
                steps.append(Step(self._label(section), self._writer_for(section)))
            # A framework domain the text does not place still appears, after the others (or
            # at the end when the text places none).
            if index == last_domain:
                steps.extend(self._unplaced_steps(unplaced, section.heading))
        if last_domain is None:
            steps.extend(self._unplaced_steps(unplaced, "{domain_id}. {domain_title}"))
        return steps

    def _unplaced_steps(self, domains: Sequence[Domain], heading: str) -> list[Step]:
        steps: list[Step] = []
        for domain in domains:
            section = DomainSection(kind="domain", domain=domain.id, heading=heading)
            steps.extend(self._domain_steps(section))
        return steps

    def _label(self, section: Section) -> str:
        if section.heading:
            return one_line(section.heading.replace("{", "").replace("}", ""))
        return section.kind.replace("_", " ").capitalize()

    def _writer_for(self, section: Section) -> Callable[[], None]:
        handlers: dict[type, Callable] = {
            CoverSection: self.cover,
            ContentsSection: self.contents,
            AcknowledgementsSection: self.acknowledgements,
            BoilerplateSection: self.boilerplate,
            ForewordSection: self.foreword,
            OverallFindingsSection: self.overall_findings,
            RatingsSection: self.ratings,
            RecommendationsSection: self.recommendations,
            BackgroundSection: self.background,
            FeedbackSection: self.feedback,
            FindingsSection: self.findings,
            PreviousRecommendationsSection: self.previous_recommendations,
            MethodologySection: self.methodology,
            ResultsAnnexSection: self.results_annex,
        }
        handler = handlers[type(section)]
        return lambda: handler(section)

    def _drafted(self, section: Section) -> bool:
        narrative = self.narrative
        if isinstance(section, FeedbackSection):
            return bool(narrative_blocks(narrative.feedback))
        if isinstance(section, FindingsSection):
            found = narrative.diversity if section.kind == "diversity" else narrative.outcomes
            drafted = bool(narrative_blocks(found.summary)) or bool(
                non_empty(found.strengths + found.areas_for_improvement)
            )
            if section.kind == "outcomes":
                drafted = drafted or any(f.applicable for f in self.context.outcomes)
            return drafted
        if isinstance(section, PreviousRecommendationsSection):
            return bool(narrative.previous_recommendations) or bool(
                one_line(narrative.previous_inspection)
            )
        if isinstance(section, AcknowledgementsSection):
            return bool(narrative_blocks(narrative.acknowledgements))
        if isinstance(section, ForewordSection):
            return bool(narrative_blocks(narrative.foreword))
        if isinstance(section, BackgroundSection):
            return bool(narrative_blocks(narrative.background))
        if isinstance(section, RecommendationsSection):
            return any(
                non_empty([r.text for r in g.recommendations]) for g in narrative.recommendations
            )
        return True

    # -- helpers --------------------------------------------------------------------------

    def render(self, template: str, **extra: object) -> list[Segment]:
        values = {**self.values, **extra} if extra else self.values
        return render(template, values)

    def draft(self, what: str, **extra: object) -> list[Segment]:
        """ "[To be drafted: foreword]" as a placeholder."""
        what_text = "".join(s.text for s in self.render(what, **extra))
        return [Segment(one_line(self.text.draft_placeholder.format(what=what_text)), True)]

    def heading(self, section: Section, **extra: object) -> None:
        self.writer.heading(
            self.render(section.heading, **extra), section.level, new_page=section.new_page
        )

    def boilerplate_blocks(self, template: str, **extra: object) -> None:
        for block in narrative_blocks(template):
            items = [self.render(item, **extra) for item in block.items]
            if block.bullets:
                self.writer.bullets(items)
            else:
                for item in items:
                    self.writer.paragraph(item)

    # -- front matter ---------------------------------------------------------------------

    def cover(self, section: CoverSection) -> None:
        kicker = self.writer.paragraph(self.render(section.kicker), styles.SUBTITLE)
        kicker.paragraph_format.space_before = Cm(6)
        self.writer.paragraph(self.render("{unit}"), styles.TITLE)
        for line in section.lines:
            self.writer.paragraph(self.render(line), styles.SUBTITLE)

    def contents(self, section: ContentsSection) -> None:
        self.writer.contents(self.render(section.heading), new_page=section.new_page)

    def acknowledgements(self, section: AcknowledgementsSection) -> None:
        self.heading(section)
        if narrative_blocks(self.narrative.acknowledgements):
            self.writer.narrative(self.narrative.acknowledgements, "")
        else:
            self.boilerplate_blocks(section.text)

    def boilerplate(self, section: BoilerplateSection) -> None:
        self.heading(section)
        self.boilerplate_blocks(section.text)

    def foreword(self, section: ForewordSection) -> None:
        self.heading(section)
        self.writer.narrative(self.narrative.foreword, self.draft(section.placeholder))
        signatory = one_line(self.narrative.foreword_signatory)
        paragraph = self.writer.paragraph(
            signatory or self.draft(section.signatory_placeholder), bold=True
        )
        paragraph.paragraph_format.space_before = Cm(0.6)

    # -- ratings --------------------------------------------------------------------------

    def ratings(self, section: RatingsSection) -> None:
        writer, result = self.writer, self.context.result
        self.heading(section)
        writer.paragraph(self.render("{unit}"), styles.SUBTITLE)
        writer.paragraph(self.render(section.fieldwork))
        writer.paragraph(self.render(section.score), styles.RATING)
        writer.paragraph(self.render(section.overall), styles.RATING)
        rows: list[Row] = []
        notes: list[tuple[int, list[Segment]]] = []
        for domain in self.context.framework.domains:
            standards = [s for s in result.standards if s.standard.domain == domain.id]
            if not standards:
                continue
            heading = self.render(
                section.domain_row, domain_id=domain.id, domain_title=domain.title
            )
            rows.append(Row([Cell(heading, bold=True, shade=styles.DOMAIN_ROW_TINT)], span=True))
            for standard in standards:
                rating = self._rating_segments(standard)
                if standard.overridden and standard.override is not None:
                    marker, number = self.writer.note_marker()
                    rating.append(marker)
                    notes.append(
                        (
                            number,
                            render(
                                section.override_note,
                                {
                                    **self.context.standard_values(standard.id),
                                    **self._override_values(standard),
                                },
                            ),
                        )
                    )
                rows.append(
                    Row(
                        [
                            Cell(self.render(self.text.standards.heading, **self._ids(standard))),
                            Cell(rating, shade=_tint(standard)),
                        ]
                    )
                )
        writer.table(
            [section.column_standard, section.column_rating], (0.68, 0.32), rows, keep_together=True
        )
        writer.spacer()
        if self.context.cases_pending:
            pending = self.context.count_phrase(self.context.cases_pending, self.text.words.cases)
            writer.note(self.render(section.pending_note, cases_pending=pending))
        unrated = [s for s in result.standards if not s.rated]
        if unrated:
            names = join_words([f"{s.id} {s.standard.title}" for s in unrated])
            writer.note(self.render(section.unrated_note, standards=names))
        for number, content in notes:
            writer.note(content, number)

    def _ids(self, standard: StandardResult) -> dict[str, str]:
        return {"id": standard.id, "title": standard.standard.title}

    def _rating_segments(self, standard: StandardResult) -> list[Segment]:
        if standard.rating is None:
            return [Segment(self.text.standards.not_rated, placeholder=True)]
        segments = [Segment(standard.rating.value)]
        if standard.provisional:
            segments.append(Segment(self.text.standards.provisional))
        return segments

    def _override_values(self, standard: StandardResult) -> dict[str, object]:
        override = standard.override
        assert override is not None
        computed = standard.computed_rating
        return {
            "rating": override.rating.value,
            "computed": computed.value if computed else Placeholder(self.text.standards.not_rated),
            "rationale": override.rationale,
        }

    # -- recommendations and background ----------------------------------------------------

    def recommendations(self, section: RecommendationsSection) -> None:
        self.heading(section)
        self.boilerplate_blocks(section.intro)
        groups = [
            (one_line(group.addressee), non_empty([r.text for r in group.recommendations]))
            for group in self.narrative.recommendations
        ]
        groups = [(who, items) for who, items in groups if who or items]
        if not groups:
            groups = [("", [])]
        for addressee, items in groups:
            who: object = addressee or self.values["unit"]
            self.writer.heading(self.render(section.addressee, addressee=who), 3)
            if items:
                self.writer.numbered(items)
            else:
                self.writer.paragraph(self.draft(section.placeholder, addressee=who))

    def background(self, section: BackgroundSection) -> None:
        self.heading(section)
        self.boilerplate_blocks(section.facts)
        self.writer.narrative(self.narrative.background, self.draft(section.placeholder))

    def overall_findings(self, section: OverallFindingsSection) -> None:
        self.heading(section)
        self.boilerplate_blocks(section.intro)
        result = self.context.result
        for domain in self.context.framework.domains:
            standards = [s for s in result.standards if s.standard.domain == domain.id]
            if not standards:
                continue
            self.writer.heading(
                self.render(section.domain_heading, domain_id=domain.id, domain_title=domain.title),
                2,
            )
            for standard in standards:
                values = self.context.standard_values(standard.id)
                rating: object = (
                    standard.rating.value
                    if standard.rating
                    else Placeholder(self.text.standards.not_rated)
                )
                line = render(section.standard_line, {**values, "rating": rating})
                self.writer.paragraph(
                    [Segment(s.text, s.placeholder, bold=True) for s in line], keep_with_next=True
                )
                summary = self.context.document.standards.get(standard.id)
                self.writer.narrative(
                    summary.summary if summary else "",
                    self.draft(self.text.standards.summary_placeholder, **values),
                )

    # -- domains and standards ------------------------------------------------------------

    def _domain_steps(self, section: DomainSection) -> list[Step]:
        framework = self.context.framework
        domain = next((d for d in framework.domains if d.id == section.domain), None)
        if domain is None:
            return []
        steps = [Step(f"{domain.id}. {domain.title}", lambda: self.domain(section))]
        for standard in framework.standards_in(domain.id):
            steps.append(Step(f"{standard.id} {standard.title}", self._standard_writer(standard)))
        return steps

    def _standard_writer(self, standard: Standard) -> Callable[[], None]:
        if standard.is_case:
            return lambda: self.case_standard(standard)
        return lambda: self.judgement_standard(standard)

    def domain(self, section: DomainSection) -> None:
        domain = next(d for d in self.context.framework.domains if d.id == section.domain)
        names = {"domain_id": domain.id, "domain_title": domain.title}
        self.heading(section, **names)
        if section.summary_placeholder:
            self.writer.paragraph(
                self.draft(section.summary_placeholder, title_lower=lower_first(domain.title))
            )

    def _standard_opening(self, standard: Standard) -> tuple[StandardResult, dict[str, str]]:
        texts = self.text.standards
        result = self.context.result.standard(standard.id)
        values = self.context.standard_values(standard.id)
        self.writer.heading(render(texts.heading, values), 2)
        self.writer.paragraph(one_line(standard.statement), styles.STATEMENT)
        rating: object = (
            result.rating.value if result.rating else Placeholder(self.text.standards.not_rated)
        )
        line = render(texts.rating, {**values, "rating": rating})
        if result.provisional and result.rating is not None:
            line.append(Segment(texts.provisional))
        self.writer.paragraph(line, styles.RATING)
        if result.overridden:
            self.writer.paragraph(
                render(texts.override, {**values, **self._override_values(result)})
            )
        return result, values

    def judgement_standard(self, standard: Standard) -> None:
        texts = self.text.standards
        _result, values = self._standard_opening(standard)
        write_up = self.context.document.standards.get(standard.id)
        summary = write_up.summary if write_up else ""
        self.writer.narrative(summary, self.draft(texts.summary_placeholder, **values))
        if texts.guidance_heading and standard.guidance:
            self.writer.heading(render(texts.guidance_heading, values), 3)
            self.writer.bullets(non_empty(standard.guidance))
        self._strengths_and_areas(
            write_up.strengths if write_up else [],
            write_up.areas_for_improvement if write_up else [],
            self.draft(texts.strengths_placeholder, **values),
            self.draft(texts.areas_placeholder, **values),
        )

    def _strengths_and_areas(
        self,
        strengths: Sequence[str],
        areas: Sequence[str],
        strengths_placeholder: Content | None,
        areas_placeholder: Content | None,
    ) -> None:
        texts = self.text.standards
        for heading, items, placeholder in (
            (texts.strengths_heading, strengths, strengths_placeholder),
            (texts.areas_heading, areas, areas_placeholder),
        ):
            cleaned = non_empty(items)
            if not cleaned and placeholder is None:
                continue
            self.writer.heading(self.render(heading), 3)
            self.writer.items_or_placeholder(cleaned, placeholder or "")

    def case_standard(self, standard: Standard) -> None:
        texts = self.text.standards
        writer = self.writer
        result, values = self._standard_opening(standard)
        write_up = self.context.document.standards.get(standard.id)
        if write_up and narrative_blocks(write_up.summary):
            writer.narrative(write_up.summary, "")
        marker, note_number = writer.note_marker()
        writer.paragraph([*render(texts.lowest_rule, values), marker], keep_with_next=True)
        rows = [
            Row(
                [
                    Cell(one_line(figure.text), bold=figure.lowest),
                    Cell(self._percent_text(figure), bold=figure.lowest),
                ]
            )
            for figure in result.key_questions
        ]
        writer.table(
            [texts.table_question, texts.table_percent], (0.76, 0.24), rows, keep_together=True
        )
        bars = bars_for(result.key_questions, texts.provisional, texts.no_figure)
        chart = key_question_chart(
            bars, self.context.framework.scoring.bands, width_inches=writer.text_width.inches
        )
        caption = render(texts.chart_caption, values)
        description = (
            "".join(s.text for s in caption)
            + ": "
            + "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
        )
        writer.picture(chart, caption, writer.text_width, description)
        findings = write_up.findings if write_up else []
        writer.items_or_placeholder(findings, self.draft(texts.findings_placeholder, **values))
        if write_up:
            self._strengths_and_areas(
                write_up.strengths, write_up.areas_for_improvement, None, None
            )
        pending = [f for f in result.key_questions if f.unanswered]
        if pending:
            listed = join_words(
                [
                    f"{f.id} ({self.context.count_phrase(f.unanswered, self.text.words.cases)})"
                    for f in pending
                ]
            )
            writer.note(render(texts.pending_note, {**values, "pending": listed}))
        for warning in result.warnings:
            writer.note(render(texts.rounding_note, {**values, "warning": warning}))
        bases = join_words([str(f.applicable) for f in result.key_questions])
        writer.note(render(texts.method_note, {**values, "bases": bases}), note_number)

    def _percent_text(self, figure: QuestionFigure) -> str:
        if figure.percent is None:
            return self.text.standards.no_figure
        text = format_percent(figure.percent)
        return text + self.text.standards.provisional if figure.provisional else text

    # -- the other narrative sections ------------------------------------------------------

    def feedback(self, section: FeedbackSection) -> None:
        self.heading(section)
        self.writer.narrative(self.narrative.feedback, self.draft(section.placeholder))

    def findings(self, section: FindingsSection) -> None:
        found = self.narrative.diversity if section.kind == "diversity" else self.narrative.outcomes
        self.heading(section)
        if narrative_blocks(found.summary) or section.summary_placeholder:
            self.writer.narrative(found.summary, self.draft(section.summary_placeholder))
        self._strengths_and_areas(
            found.strengths,
            found.areas_for_improvement,
            self.draft(section.strengths_placeholder),
            self.draft(section.areas_placeholder),
        )
        figures = [f for f in self.context.outcomes if f.applicable]
        if section.kind == "outcomes" and figures and section.figures_caption:
            self.writer.paragraph(
                self.render(section.figures_caption), styles.CAPTION
            ).paragraph_format.keep_with_next = True
            rows = [
                Row(
                    [
                        Cell(one_line(f.text)),
                        Cell(self.render(section.count, count=f.yes, cases=str(f.applicable))),
                        Cell(format_percent(f.percent)),
                    ]
                )
                for f in figures
            ]
            self.writer.table(
                [section.column_outcome, section.column_count, section.column_percent],
                (0.58, 0.2, 0.22),
                rows,
            )
            self.writer.spacer()

    def previous_recommendations(self, section: PreviousRecommendationsSection) -> None:
        self.heading(section)
        intro = one_line(self.narrative.previous_inspection)
        # The heading and its introduction stay on the page where the table starts.
        self.writer.paragraph(intro or self.draft(section.intro_placeholder), keep_with_next=True)
        rows = []
        for item in self.narrative.previous_recommendations:
            progress: Content = (
                item.progress.label if item.progress else self.draft(section.progress_placeholder)
            )
            required: Content
            if item.improvement_still_required is None:
                required = self.draft(section.required_placeholder)
            else:
                required = (
                    section.required_yes if item.improvement_still_required else section.required_no
                )
            rows.append(
                Row(
                    [
                        Cell(one_line(item.recommendation) or self.draft(section.row_placeholder)),
                        Cell(
                            one_line(item.action_and_impact) or self.draft(section.row_placeholder)
                        ),
                        Cell(progress),
                        Cell(required),
                    ]
                )
            )
        if not rows:
            # One row to fill in: the placeholder once, not in every column.
            rows.append(Row([Cell(self.draft(section.row_placeholder)), *[Cell("")] * 3]))
        self.writer.table(list(section.columns), (0.27, 0.37, 0.16, 0.2), rows)
        self.writer.spacer()

    # -- annexes --------------------------------------------------------------------------

    def methodology(self, section: MethodologySection) -> None:
        self.heading(section)
        self.boilerplate_blocks(section.text)
        lines = []
        for sample in self.context.framework.samples:
            count = self.context.cases_by_sample.get(sample.id, 0)
            lines.append(
                self.render(
                    section.sample_line,
                    sample_title=sample.title,
                    count=self.context.count_phrase(count, self.text.words.cases),
                    description=sample.description,
                )
            )
        self.writer.bullets(lines)

    def results_annex(self, section: ResultsAnnexSection) -> None:
        self.heading(section)
        self.boilerplate_blocks(section.intro)
        texts = self.text.standards
        rows: list[Row] = []
        result = self.context.result
        for domain in self.context.framework.domains:
            standards = [
                s for s in result.standards if s.standard.domain == domain.id and s.standard.is_case
            ]
            if not standards:
                continue
            heading = f"{domain.id}. {one_line(domain.title)}"
            rows.append(
                Row(
                    [Cell(heading, bold=True, shade=styles.DOMAIN_ROW_TINT)],
                    span=True,
                    keep_with_next=True,
                )
            )
            for standard in standards:
                values = self.context.standard_values(standard.id)
                rows.append(
                    Row(
                        [
                            Cell(
                                render(texts.heading, values),
                                bold=True,
                                notes=(one_line(standard.standard.statement),),
                            ),
                            Cell(self._rating_segments(standard), bold=True, shade=_tint(standard)),
                        ],
                        keep_with_next=True,
                    )
                )
                for figure in standard.key_questions:
                    rows.append(
                        Row(
                            [
                                Cell(f"{figure.id} {one_line(figure.text)}", bold=figure.lowest),
                                Cell(self._percent_text(figure), bold=figure.lowest),
                            ]
                        )
                    )
        if not rows:  # a framework with no case standards has no results to list
            self.writer.paragraph(self.draft(section.heading))
            return
        self.writer.table([section.column_question, section.column_result], (0.76, 0.24), rows)
        self.writer.spacer()


def _tint(standard: StandardResult) -> str | None:
    return styles.RATING_TINTS.get(standard.rating) if standard.rating else None
