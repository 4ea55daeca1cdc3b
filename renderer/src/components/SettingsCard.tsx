import { useId, type ReactNode } from 'react';

/** A settings card: a titled section with a line of help under the title, then its content. */
export function SettingsCard(props: {
  title: string;
  help: string;
  className?: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <section
      className={props.className ? `card ${props.className}` : 'card'}
      aria-labelledby={titleId}
    >
      <div className="field">
        <div className="field-text">
          <span className="field-label" id={titleId}>
            {props.title}
          </span>
          <span className="field-help">{props.help}</span>
        </div>
      </div>
      {props.children}
    </section>
  );
}
