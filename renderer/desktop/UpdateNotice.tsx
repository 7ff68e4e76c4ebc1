import { Button, Snackbar } from '@mui/material';
import { useEffect, useState } from 'react';
import { hostApi } from './desktop-host';

/**
 * A downloaded update waits for the agent: the app restarts into it only when they click, so no call
 * is cut off by an update.
 */
export function UpdateNotice() {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => hostApi().onUpdateReady(setVersion), []);
  return (
    <Snackbar
      open={version !== null}
      message={`Switchboard ${version ?? ''} is ready. Restart when you are between calls.`}
      data-testid="update-notice"
      action={
        <>
          <Button color="inherit" size="small" onClick={() => void hostApi().installUpdate()}>
            Restart now
          </Button>
          <Button color="inherit" size="small" onClick={() => setVersion(null)}>
            Later
          </Button>
        </>
      }
    />
  );
}
