import { Badge, Button, Card, Grid, Group, NavLink, SimpleGrid, Stack, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowBackUp, IconDeviceFloppy } from '@tabler/icons-react';
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { ApiError } from '@/lib/api';
import { describeError, describeFieldError } from '@/lib/api/error-message';
import { useI18n } from '@/lib/i18n/i18n';
import {
  EMAIL_KINDS,
  useEmailTemplates,
  type EmailKind,
  type EmailLocale,
  type EmailTemplates,
  type EmailTemplateText,
} from '../api/get-email-templates';
import { useSaveEmailTemplate } from '../api/save-email-template';
import { insertAt, sameText, unknownPlaceholders } from '../hooks/template-text';
import { EmailPreview } from './email-preview';
import { PlaceholderChips } from './placeholder-chips';

const LANGUAGES: readonly EmailLocale[] = ['fr', 'en'];
type Part = keyof EmailTemplateText;
type DraftKey = `${EmailKind}.${EmailLocale}`;
type FieldKey = `${DraftKey}.${Part}`;
const SERVER_FIELD = /^(fr|en)\.(subject|body)$/;

interface EmailTemplatesEditorProps {
  eventId: string;
  canEdit: boolean;
}

/** The event's registration emails, kind by kind, in French and English, with a live preview. */
export function EmailTemplatesEditor({ eventId, canEdit }: EmailTemplatesEditorProps) {
  const { data, error, refetch } = useEmailTemplates(eventId);
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;
  return <Editor eventId={eventId} canEdit={canEdit} data={data} />;
}

function Editor({ eventId, canEdit, data }: EmailTemplatesEditorProps & { data: EmailTemplates }) {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<EmailKind>('received');
  const [language, setLanguage] = useState<EmailLocale>(locale);
  // Unsaved text per kind and language: moving to another kind or language keeps what was typed.
  const [drafts, setDrafts] = useState<Partial<Record<DraftKey, EmailTemplateText>>>({});
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [result, setResult] = useState<{ isSuccess: boolean; message: string } | null>(null);
  const [isConfirmingReset, setIsConfirmingReset] = useState(false);
  const save = useSaveEmailTemplate(eventId);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastPart = useRef<Part>('body');
  const pendingCaret = useRef<{ part: Part; caret: number } | null>(null);
  const kindsLabelId = useId();

  // After a placeholder insertion: focus back in the field, caret just after the inserted text.
  useLayoutEffect(() => {
    const pending = pendingCaret.current;
    if (!pending) return;
    pendingCaret.current = null;
    const element = pending.part === 'subject' ? subjectRef.current : bodyRef.current;
    element?.focus();
    element?.setSelectionRange(pending.caret, pending.caret);
  });

  const templateOf = (of: EmailKind) => data.templates.find((template) => template.kind === of);
  const savedText = (of: EmailKind, lang: EmailLocale): EmailTemplateText => {
    const template = templateOf(of);
    return template?.[lang] ?? template?.defaults[lang] ?? { subject: '', body: '' };
  };
  const textOf = (of: EmailKind, lang: EmailLocale) => drafts[`${of}.${lang}`] ?? savedText(of, lang);
  const isDirty = (of: EmailKind, lang: EmailLocale) => {
    const draft = drafts[`${of}.${lang}`];
    return draft !== undefined && !sameText(draft, savedText(of, lang));
  };
  const isCustomised = (of: EmailKind, lang?: EmailLocale) =>
    (lang ? [lang] : LANGUAGES).some((candidate) => templateOf(of)?.[candidate] != null);
  const kindLabel = (of: EmailKind) => t(`emailTemplates.kind.${of}`);
  const languageLabel = (lang: EmailLocale) => t(`emailTemplates.language.${lang}`);
  const unknownMessage = (value: string) => {
    const names = unknownPlaceholders(value, data.placeholders);
    return names.length ? t('emailTemplates.unknownPlaceholder', { names: names.map((name) => `{{${name}}}`).join(', ') }) : undefined;
  };

  const text = textOf(kind, language);
  const dirtyLanguages = LANGUAGES.filter((lang) => isDirty(kind, lang));

  function setPart(part: Part, value: string) {
    setDrafts((current) => ({ ...current, [`${kind}.${language}`]: { ...textOf(kind, language), [part]: value } }));
    setFieldErrors((current) => ({ ...current, [`${kind}.${language}.${part}`]: undefined }));
    setResult(null);
  }

  function insertPlaceholder(name: string) {
    const part = lastPart.current;
    const element = part === 'subject' ? subjectRef.current : bodyRef.current;
    const current = text[part];
    const start = element?.selectionStart ?? current.length;
    const { value, caret } = insertAt(current, start, element?.selectionEnd ?? start, `{{${name}}}`);
    setPart(part, value);
    pendingCaret.current = { part, caret };
  }

  function dropDrafts(of: EmailKind, languages: readonly EmailLocale[]) {
    setDrafts((current) => {
      const next = { ...current };
      for (const lang of languages) delete next[`${of}.${lang}`];
      return next;
    });
    setFieldErrors((current) => {
      const next = { ...current };
      for (const lang of languages) for (const part of ['subject', 'body'] as const) delete next[`${of}.${lang}.${part}`];
      return next;
    });
  }

  function showFieldErrors(errors: Partial<Record<FieldKey, string>>) {
    setFieldErrors((current) => ({ ...current, ...errors }));
    const first = Object.keys(errors)[0]?.split('.')[1] as EmailLocale | undefined;
    if (first && first !== language) setLanguage(first);
    setResult({ isSuccess: false, message: t('emailTemplates.saveFailed') });
  }

  async function onSave() {
    const languages = dirtyLanguages;
    if (!languages.length) return;
    const missing: Partial<Record<FieldKey, string>> = {};
    for (const lang of languages) {
      for (const part of ['subject', 'body'] as const) {
        if (!textOf(kind, lang)[part].trim()) missing[`${kind}.${lang}.${part}`] = t('errors.field.isNotEmpty');
      }
    }
    if (Object.keys(missing).length) return showFieldErrors(missing);
    const savedKind = kind;
    try {
      await save.mutateAsync({ kind: savedKind, body: Object.fromEntries(languages.map((lang) => [lang, textOf(savedKind, lang)])) });
      dropDrafts(savedKind, languages);
      setResult({ isSuccess: true, message: t('emailTemplates.saved', { kind: kindLabel(savedKind) }) });
    } catch (cause) {
      const errors: Partial<Record<FieldKey, string>> = {};
      if (cause instanceof ApiError) {
        for (const fieldError of cause.fieldErrors) {
          const match = SERVER_FIELD.exec(fieldError.field);
          if (!match) continue;
          const [lang, part] = [match[1] as EmailLocale, match[2] as Part];
          const key: FieldKey = `${savedKind}.${lang}.${part}`;
          errors[key] ??=
            (fieldError.code === 'unknownPlaceholder' ? unknownMessage(textOf(savedKind, lang)[part]) : undefined) ?? describeFieldError(fieldError, t);
        }
      }
      if (Object.keys(errors).length) showFieldErrors(errors);
      // 5xx and network failures are already toasted by the API client.
      else if (!(cause instanceof ApiError && cause.isAlreadyReported)) setResult({ isSuccess: false, message: describeError(cause, t) });
    }
  }

  async function onReset() {
    const [resetKind, resetLanguage] = [kind, language];
    try {
      await save.mutateAsync({ kind: resetKind, body: { [resetLanguage]: null } });
      dropDrafts(resetKind, [resetLanguage]);
      setResult({ isSuccess: true, message: t('emailTemplates.resetDone', { kind: kindLabel(resetKind), language: languageLabel(resetLanguage) }) });
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) setResult({ isSuccess: false, message: describeError(cause, t) });
    } finally {
      setIsConfirmingReset(false);
    }
  }

  const errorOf = (part: Part) => fieldErrors[`${kind}.${language}.${part}`] ?? unknownMessage(text[part]);

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <div>
          <Title order={3} fz="md">
            {t('emailTemplates.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('emailTemplates.hint')}
          </Text>
          {!canEdit && (
            <Text size="sm" c="dimmed" fs="italic">
              {t('emailTemplates.readOnly')}
            </Text>
          )}
        </div>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Text size="sm" fw={600} id={kindsLabelId} mb={4}>
              {t('emailTemplates.kinds')}
            </Text>
            <Stack gap={2} role="group" aria-labelledby={kindsLabelId}>
              {EMAIL_KINDS.map((candidate) => {
                const hasUnsaved = LANGUAGES.some((lang) => isDirty(candidate, lang));
                return (
                  <NavLink
                    key={candidate}
                    component="button"
                    type="button"
                    active={candidate === kind}
                    aria-current={candidate === kind ? 'true' : undefined}
                    label={
                      <Group component="span" gap={6} wrap="wrap">
                        <span>{kindLabel(candidate)}</span>
                        {isCustomised(candidate) && (
                          <Badge component="span" size="xs" variant="light" color="grape">
                            {t('emailTemplates.customised')}
                          </Badge>
                        )}
                        {hasUnsaved && (
                          <Badge component="span" size="xs" variant="light" color="orange">
                            {t('emailTemplates.unsaved')}
                          </Badge>
                        )}
                      </Group>
                    }
                    description={t(`emailTemplates.when.${candidate}`)}
                    onClick={() => setKind(candidate)}
                  />
                );
              })}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            <Stack gap="sm">
              <div>
                <Title order={4} fz="md">
                  {kindLabel(kind)}
                </Title>
                <Text size="sm" c="dimmed">
                  {t(`emailTemplates.when.${kind}`)}
                </Text>
              </div>
              <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg">
                <Tabs value={language} onChange={(value) => value && setLanguage(value as EmailLocale)} keepMounted={false}>
                  <Tabs.List aria-label={t('emailTemplates.language')}>
                    {LANGUAGES.map((lang) => (
                      <Tabs.Tab
                        key={lang}
                        value={lang}
                        rightSection={isDirty(kind, lang) ? <Badge size="xs" variant="dot" color="orange" aria-label={t('emailTemplates.unsaved')} /> : undefined}
                      >
                        {languageLabel(lang)}
                      </Tabs.Tab>
                    ))}
                  </Tabs.List>
                  {LANGUAGES.map((lang) => (
                    <Tabs.Panel key={lang} value={lang} pt="md">
                      <Stack gap="sm">
                        <Badge variant="light" color={isCustomised(kind, lang) ? 'grape' : 'gray'} tt="none">
                          {isCustomised(kind, lang) ? t('emailTemplates.source.custom') : t('emailTemplates.source.default')}
                        </Badge>
                        <TextInput
                          ref={subjectRef}
                          label={t('emailTemplates.subject')}
                          value={text.subject}
                          maxLength={200}
                          readOnly={!canEdit}
                          required={canEdit}
                          error={errorOf('subject')}
                          onFocus={() => (lastPart.current = 'subject')}
                          onChange={(event) => setPart('subject', event.currentTarget.value)}
                        />
                        {canEdit && <PlaceholderChips placeholders={data.placeholders} onInsert={insertPlaceholder} />}
                        <Textarea
                          ref={bodyRef}
                          label={t('emailTemplates.body')}
                          description={t('emailTemplates.bodyHint')}
                          value={text.body}
                          rows={12}
                          resize="vertical"
                          maxLength={10000}
                          readOnly={!canEdit}
                          required={canEdit}
                          error={errorOf('body')}
                          onFocus={() => (lastPart.current = 'body')}
                          onChange={(event) => setPart('body', event.currentTarget.value)}
                        />
                      </Stack>
                    </Tabs.Panel>
                  ))}
                </Tabs>
                <EmailPreview eventId={eventId} kind={kind} language={language} text={text} placeholders={data.placeholders} />
              </SimpleGrid>
              {canEdit && (
                <Group gap="sm" wrap="wrap">
                  <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} disabled={!dirtyLanguages.length} loading={save.isPending} onClick={onSave}>
                    {t('emailTemplates.save')}
                  </Button>
                  {isDirty(kind, language) && (
                    <Button variant="default" onClick={() => dropDrafts(kind, [language])}>
                      {t('emailTemplates.discard')}
                    </Button>
                  )}
                  {isCustomised(kind, language) && (
                    <Button variant="subtle" color="red" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setIsConfirmingReset(true)}>
                      {t('emailTemplates.reset')}
                    </Button>
                  )}
                </Group>
              )}
              {dirtyLanguages.length > 0 && (
                <Text size="sm" c="orange.8">
                  {t('emailTemplates.dirty')} ({dirtyLanguages.map(languageLabel).join(', ')})
                </Text>
              )}
              <div role="status" aria-live="polite">
                {result && (
                  <Text size="sm" c={result.isSuccess ? 'green.8' : 'red.8'}>
                    {result.message}
                  </Text>
                )}
              </div>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      <ConfirmDialog
        opened={isConfirmingReset}
        title={t('emailTemplates.resetTitle')}
        message={t('emailTemplates.resetMessage', { kind: kindLabel(kind), language: languageLabel(language) })}
        confirmLabel={t('emailTemplates.reset')}
        isDanger
        isLoading={save.isPending}
        onConfirm={onReset}
        onClose={() => setIsConfirmingReset(false)}
      />
    </Card>
  );
}
