import { Info, Lock, Mic, Palette, Smartphone, UserRound, Wrench } from 'lucide-react';
import { NavLink, Navigate, useParams } from 'react-router';
import { AccountSection } from './settings/AccountSection';
import { AppearanceSection } from './settings/AppearanceSection';
import { AudioSection } from './settings/AudioSection';
import { DevicesSection } from './settings/DevicesSection';
import { AboutSection, AdvancedSection } from './settings/InfoSections';
import { PrivacySection } from './settings/PrivacySection';

const SECTIONS = [
  { id: 'account', label: 'Account', icon: UserRound, view: AccountSection },
  { id: 'devices', label: 'Devices', icon: Smartphone, view: DevicesSection },
  { id: 'privacy', label: 'Privacy', icon: Lock, view: PrivacySection },
  { id: 'audio', label: 'Audio', icon: Mic, view: AudioSection },
  { id: 'appearance', label: 'Appearance', icon: Palette, view: AppearanceSection },
  { id: 'advanced', label: 'Advanced', icon: Wrench, view: AdvancedSection },
  { id: 'about', label: 'About', icon: Info, view: AboutSection },
] as const;

/** Settings: a section list and the chosen section. Two levels at most. */
export function SettingsScreen() {
  const { section } = useParams();
  const current = SECTIONS.find((s) => s.id === section);
  if (!current) return <Navigate to="/settings/account" replace />;
  const View = current.view;
  return (
    <div className="settings">
      <nav className="settings-nav" aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>
        {SECTIONS.map(({ id, label, icon: Icon }) => (
          <NavLink key={id} to={`/settings/${id}`} className="settings-link">
            <Icon aria-hidden="true" />
            {label}
          </NavLink>
        ))}
      </nav>
      <section className="settings-body" aria-label={current.label}>
        <View />
      </section>
    </div>
  );
}
