import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  ControlResult,
  Exemption,
  ExemptionSettings,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { useState } from 'react';
import { complianceApiRef } from '../../api/ComplianceClient';
import { serverMessage } from '../shared/errors';
import { dateInDays } from './dates';

/**
 * Asks for an exemption of one failing control of a PBC: a reason, an expiry
 * date (at most `maxDays` away) and, optionally, the resources it covers. The
 * backend checks it all again; its message is shown as it is.
 */
export function ExemptionDialog(props: {
  entityRef: string;
  control: ControlResult;
  settings: ExemptionSettings;
  /** Resource ids AWS Config found non-compliant for this control. */
  resourceIds: string[];
  onClose: () => void;
  onRequested: (exemption: Exemption) => void;
}) {
  const { entityRef, control, settings, resourceIds, onClose, onRequested } =
    props;
  const api = useApi(complianceApiRef);
  const [reason, setReason] = useState('');
  const [expiresAt, setExpiresAt] = useState(
    dateInDays(Math.min(30, settings.maxDays)),
  );
  const [resources, setResources] = useState('');
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);

  const submit = async () => {
    setSending(true);
    setError(undefined);
    try {
      const named = resources
        .split(/[\s,]+/)
        .map(r => r.trim())
        .filter(Boolean);
      const created = await api.requestExemption({
        entityRef,
        controlId: control.controlId,
        reason,
        expiresAt,
        ...(named.length ? { resourceIds: named } : {}),
      });
      onRequested(created);
    } catch (e) {
      setError(serverMessage(e as Error));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="exemption-dialog-title">
      <DialogTitle id="exemption-dialog-title">
        Ask for an exemption of {control.controlId}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {control.title}. The platform team approves or rejects it; once
          approved it shows as exempt until the date below, then ends by itself.
          At most {settings.maxDays} days.
        </Typography>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <TextField
          id="exemption-reason"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          multiline
          minRows={3}
          fullWidth
          required
          margin="normal"
          helperText="Why the risk is accepted for now, and what ends it"
        />
        <TextField
          id="exemption-expires"
          label="Expires on"
          type="date"
          value={expiresAt}
          onChange={e => setExpiresAt(e.target.value)}
          fullWidth
          required
          margin="normal"
          InputLabelProps={{ shrink: true }}
          inputProps={{ min: dateInDays(1), max: dateInDays(settings.maxDays) }}
        />
        <TextField
          id="exemption-resources"
          label="Only these resources (optional)"
          value={resources}
          onChange={e => setResources(e.target.value)}
          fullWidth
          margin="normal"
          helperText={
            resourceIds.length
              ? `Resource ids, separated by commas; empty: the whole control. Non-compliant now: ${resourceIds.join(
                  ', ',
                )}`
              : 'Resource ids, separated by commas; empty: the whole control'
          }
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={sending || reason.trim() === '' || expiresAt === ''}
        >
          Ask for exemption
        </Button>
      </DialogActions>
    </Dialog>
  );
}
