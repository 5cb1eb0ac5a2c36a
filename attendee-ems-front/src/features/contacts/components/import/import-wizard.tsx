import { Card, Stepper } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { useI18n } from '@/lib/i18n/i18n';
import { useImport } from '../../api/get-import';
import type { DryRunReport, ImportJob } from '../../api/import-types';
import type { FilterOption } from '../contacts-page';
import { MappingStep } from './mapping-step';
import { ReportStep } from './report-step';
import { RunStep } from './run-step';
import { UploadStep } from './upload-step';

type Step = 'upload' | 'mapping' | 'report' | 'run' | 'result';
const ORDER: Step[] = ['upload', 'mapping', 'report', 'run', 'result'];

/** Where a reopened import resumes (`?import=<id>` in the URL survives a reload). */
export function stepForStatus(status: ImportJob['status']): Step {
  if (status === 'running') return 'run';
  if (status === 'done' || status === 'failed' || status === 'cancelled') return 'result';
  return 'mapping';
}

export function ImportWizard({ events }: { events: FilterOption[] }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const importId = params.get('import');
  const [step, setStep] = useState<Step>('upload');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [report, setReport] = useState<DryRunReport | null>(null);
  const resumed = useImport(importId !== null && job === null ? importId : null);

  useEffect(() => {
    if (resumed.data && job === null) {
      setJob(resumed.data);
      setStep(stepForStatus(resumed.data.status));
    }
  }, [resumed.data, job]);

  // Focus follows the step so keyboard and screen-reader users land on the new content.
  useEffect(() => {
    document.getElementById('import-step-heading')?.focus();
  }, [step]);

  const go = (next: Step, nextJob?: ImportJob) => {
    if (nextJob) {
      setJob(nextJob);
      if (nextJob.id !== importId) setParams({ import: nextJob.id }, { replace: true });
    }
    setStep(next);
  };
  const onFinished = useCallback((finished: ImportJob) => {
    setJob(finished);
    setStep('result');
  }, []);

  function restart() {
    setJob(null);
    setReport(null);
    setParams({}, { replace: true });
    setStep('upload');
  }

  if (importId && job === null && resumed.isPending) return <SectionLoader />;
  const active = ORDER.indexOf(step === 'result' ? 'run' : step);

  return (
    <Card withBorder radius="md" padding="lg">
      <Stepper active={step === 'result' ? ORDER.length : active} size="sm" allowNextStepsSelect={false} mb="lg" aria-label={t('imports.steps')}>
        <Stepper.Step label={t('imports.step.upload')} />
        <Stepper.Step label={t('imports.step.mapping')} />
        <Stepper.Step label={t('imports.step.report')} />
        <Stepper.Step label={t('imports.step.run')} />
      </Stepper>
      <h2 id="import-step-heading" tabIndex={-1} className="ems-visually-hidden" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {t(`imports.step.${step}`)}
      </h2>
      {step === 'upload' && <UploadStep events={events} onUploaded={(uploaded) => go('mapping', uploaded)} />}
      {step === 'mapping' && job && (
        <MappingStep
          job={job}
          onBack={restart}
          onChecked={(checked) => {
            setReport(checked);
            go('report');
          }}
        />
      )}
      {step === 'report' && job && report && <ReportStep job={job} report={report} onBack={() => go('mapping')} onStarted={(started) => go('run', started)} />}
      {(step === 'run' || step === 'result') && job && <RunStep initial={job} onFinished={onFinished} onRestart={restart} />}
    </Card>
  );
}
