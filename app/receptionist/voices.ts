// The receptionist voices a merchant can choose from, and the one place that
// maps our names (stored in Shop.voice) to ElevenLabs voice ids. Vapi's 11labs
// provider takes ElevenLabs voice ids, not names: sending "rachel" would fail.
//
// The ids are ElevenLabs' premade voices as they have been published for years
// (ElevenLabs docs, SDK samples and many public projects use them). ElevenLabs
// renames and retires premade voices from time to time; before launch, check
// them against GET https://api.elevenlabs.io/v1/voices on the account Vapi uses.

export const VOICES = [
  {
    name: "rachel",
    label: "Rachel",
    description: "Professional and friendly. A calm American female voice; the default.",
    voiceId: "21m00Tcm4TlvDq8ikWAM",
  },
  {
    name: "adam",
    label: "Adam",
    description: "Mature and authoritative. A deep American male voice.",
    voiceId: "pNInz6obpgDQGcFmaJgB",
  },
  {
    // ElevenLabs has no premade voice called "Anna". Matilda is the premade
    // voice ElevenLabs describes as warm and friendly (American female), the
    // closest match to the "warm, approachable" voice the spec asks for.
    name: "anna",
    label: "Anna",
    description: 'Warm and approachable. A friendly American female voice (ElevenLabs\' "Matilda").',
    voiceId: "XrExE9yKIg1WjnnlVkGX",
  },
  {
    name: "arnold",
    label: "Arnold",
    description: "Deep and serious. A crisp American male voice.",
    voiceId: "VR6AewLTigWG4xSOukaG",
  },
  {
    // ElevenLabs' current library lists this id as "Sarah" (the former "Bella").
    name: "bella",
    label: "Bella",
    description: "Youthful and energetic. A soft, young American female voice.",
    voiceId: "EXAVITQu4vr4xnSDxMaL",
  },
] as const satisfies readonly { name: string; label: string; description: string; voiceId: string }[];

export type VoiceName = (typeof VOICES)[number]["name"];
export type Voice = (typeof VOICES)[number];

export const DEFAULT_VOICE: VoiceName = "rachel";

export const VOICE_NAMES: readonly VoiceName[] = VOICES.map((voice) => voice.name);

export function isVoiceName(value: string): value is VoiceName {
  return VOICES.some((voice) => voice.name === value);
}

/** The voice for a name already checked with isVoiceName(). */
export function voiceByName(name: VoiceName): Voice {
  const voice = VOICES.find((candidate) => candidate.name === name);
  // Unreachable for a VoiceName; keeps the return type honest without a cast.
  if (!voice) throw new Error(`Unknown voice ${name}`);
  return voice;
}
