import { Injectable } from '@nestjs/common';
import type { Guideline, GuidelineSummary, GuidelineView } from '@weop/contracts';
import { GUIDELINE_CATALOGUE, catalogueLanguage, guidelineEntry } from './guidelines.catalogue';

@Injectable()
export class GuidelinesService {
  list(acceptLanguage?: string): GuidelineSummary[] {
    const language = catalogueLanguage(acceptLanguage);
    return GUIDELINE_CATALOGUE.map((g) => ({ code: g.code, title: g.texts[language].title, summary: g.texts[language].summary }));
  }

  get(code: Guideline, acceptLanguage?: string): GuidelineView {
    const language = catalogueLanguage(acceptLanguage);
    const entry = guidelineEntry(code);
    return { code, ...entry.texts[language], language, severity: entry.severity };
  }
}
