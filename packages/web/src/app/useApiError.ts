import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { fieldErrorsFor } from './formErrors';

/**
 * Shows an API error the way the API means it: field messages on the form fields they name,
 * a reload prompt for version conflicts, the translated message otherwise. 401 is handled
 * globally (back to sign-in).
 */
export const useApiError = () => {
  const { message, modal } = App.useApp();
  const { t } = useTranslation();
  const qc = useQueryClient();
  return useCallback(
    (err: unknown, form?: FormInstance, opts: { onConflict?: () => void } = {}) => {
      if (!isApiError(err)) {
        void message.error(err instanceof Error ? err.message : String(err));
        return;
      }
      if (err.status === 401) return;
      if (err.code === 'version_conflict') {
        modal.warning({
          title: t('errors.versionConflictTitle'),
          content: t('errors.versionConflict'),
          okText: t('errors.reload'),
          onOk: () => {
            // The open form holds the stale version; close it so the user starts from fresh data.
            opts.onConflict?.();
            return qc.invalidateQueries();
          },
        });
        return;
      }
      if (form && err.fields.length) {
        const { placed, rest } = fieldErrorsFor(err.fields, registeredNames(form));
        if (placed.length) {
          form.setFields(placed);
          form.scrollToField(placed[0]!.name, { block: 'center' });
          if (rest.length) void message.error(rest.map((f) => f.message).join('；'));
          return;
        }
      }
      void message.error(err.message);
    },
    [message, modal, qc, t],
  );
};

/** The top-level names of the fields currently rendered in the form. */
const registeredNames = (form: FormInstance): string[] => Object.keys(form.getFieldsValue() ?? {});
