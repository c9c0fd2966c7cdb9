import { describe, expect, it } from "vitest";
import { DEFAULT_VOICE, isVoiceName, VOICE_NAMES, VOICES, voiceByName } from "./voices";

describe("voices", () => {
  it("offers the spec's five voices, rachel first and by default", () => {
    expect(VOICE_NAMES).toEqual(["rachel", "adam", "anna", "arnold", "bella"]);
    expect(DEFAULT_VOICE).toBe("rachel");
  });

  it.each(VOICES.map((voice) => [voice.name, voice] as const))("%s has an ElevenLabs id, a label and a use case", (_name, voice) => {
    expect(voice.voiceId).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(voice.label).toBe(voice.name[0].toUpperCase() + voice.name.slice(1));
    expect(voice.description.length).toBeGreaterThan(10);
  });

  it("maps every voice to a distinct ElevenLabs id", () => {
    expect(new Set(VOICES.map((voice) => voice.voiceId)).size).toBe(VOICES.length);
  });

  it.each([
    ["rachel", "21m00Tcm4TlvDq8ikWAM"],
    ["adam", "pNInz6obpgDQGcFmaJgB"],
    ["anna", "XrExE9yKIg1WjnnlVkGX"],
    ["arnold", "VR6AewLTigWG4xSOukaG"],
    ["bella", "EXAVITQu4vr4xnSDxMaL"],
  ] as const)("%s -> %s", (name, voiceId) => {
    expect(voiceByName(name).voiceId).toBe(voiceId);
  });

  it("says that Anna is ElevenLabs' Matilda", () => {
    expect(voiceByName("anna").description).toContain("Matilda");
  });

  it.each([
    ["rachel", true],
    ["bella", true],
    ["Rachel", false],
    ["sarah", false],
    ["21m00Tcm4TlvDq8ikWAM", false],
    ["", false],
  ])("isVoiceName(%j) is %s", (value, expected) => {
    expect(isVoiceName(value)).toBe(expected);
  });
});
